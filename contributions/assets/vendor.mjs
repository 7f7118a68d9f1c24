// Copies the portal form's browser libraries into contributions/static/, so
// that serving the site needs neither npm nor the network. Run after changing
// their versions in package.json: npm ci && npm run vendor
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const target = join(root, "contributions", "static", "contributions", "vendor");

function version(name) {
    const manifest = join(root, "node_modules", name, "package.json");
    return JSON.parse(readFileSync(manifest, "utf8")).version;
}

function copy(source, destination, header) {
    const text = readFileSync(join(root, "node_modules", source), "utf8");
    // The source map is not copied: drop the comment that points at it.
    const body = text.replace(/\n?\/[*/]# sourceMappingURL=.*$/m, "");
    writeFileSync(join(target, destination), `${header}\n${body}\n`);
}

const tomSelect = version("tom-select");
const tomSelectHeader = `/* Tom Select ${tomSelect} (npm tom-select), Apache License 2.0,
   https://github.com/orchidjs/tom-select. Copied unchanged by npm run vendor. */`;
copy(
    "tom-select/dist/js/tom-select.complete.min.js",
    "tom-select.complete.min.js",
    tomSelectHeader,
);
copy("tom-select/dist/css/tom-select.min.css", "tom-select.min.css", tomSelectHeader);

const tiptap = version("@tiptap/core");
await build({
    entryPoints: [join(root, "contributions", "assets", "richtext-kit.mjs")],
    outfile: join(target, "richtext-kit.min.js"),
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "RichTextKit",
    target: ["es2020"],
    legalComments: "eof",
    banner: {
        js: `/* Tiptap ${tiptap} (npm @tiptap/core, @tiptap/starter-kit,
   @tiptap/extension-link, @tiptap/extension-list; MIT, Copyright (c) 2025
   Tiptap GmbH) with ProseMirror (npm prosemirror-*, MIT, Copyright (C) 2015-2017
   by Marijn Haverbeke and others) and linkifyjs (MIT, Copyright (c) 2024
   Nick Frasser). Bundled by npm run vendor from
   contributions/assets/richtext-kit.mjs. */`,
    },
});
