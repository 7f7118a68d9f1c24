// The parts of Tiptap the portal's description editor uses, bundled into
// contributions/static/contributions/vendor/richtext-kit.min.js by
// `npm run vendor` (contributions/assets/vendor.mjs). The editor itself is
// configured in contributions/static/contributions/js/portal-form.js.
export { Editor } from "@tiptap/core";
export { Link } from "@tiptap/extension-link";
export { OrderedList } from "@tiptap/extension-list";
export { StarterKit } from "@tiptap/starter-kit";
