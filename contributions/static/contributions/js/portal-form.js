/*
 * The portal's entry form, enhanced where JavaScript runs; without it the plain
 * textarea, the plain <select multiple> and the source rows work as they are.
 *
 * - textarea[data-richtext-editor]: a formatting editor (Tiptap, vendored in
 *   ../vendor/richtext-kit.min.js) whose document can hold only what
 *   contributions/richtext.py keeps: paragraphs, line breaks, headings 2-4,
 *   lists, quotations, bold, italic and http(s)/mailto links. It writes its
 *   HTML back into the textarea, which is what the form sends; the server
 *   sanitises it again.
 * - select[data-multiselect]: a list searched by typing (Tom Select, vendored
 *   in ../vendor/tom-select.complete.min.js); each choice is announced.
 * - [data-source-row]: a source row marks its fields required once in use.
 *
 * Labels come translated in the data- attributes' JSON.
 */
(function () {
    "use strict";

    // What the sanitiser's cleaner adds to every link (link_rel in richtext.py).
    var LINK_REL = "noopener noreferrer nofollow";
    var ALLOWED_LINK = /^(https?:\/\/|mailto:)/i;
    var HAS_BLOCK = /<(p|h[1-6]|ul|ol|blockquote|div)\b/i;
    var HAS_TAG = /<[a-zA-Z/!]/;

    // A style attribute inside a tag of pasted HTML (a word processor writes
    // one on nearly every element). The sanitiser keeps none, and the page's
    // content security policy refuses each one the browser reads, so they are
    // left out before the editor reads the HTML.
    var STYLE_ATTRIBUTE = /(<[a-zA-Z][^>]*?)\s+style\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/g;

    function withoutStyles(html) {
        var before;
        do {
            before = html;
            html = html.replace(STYLE_ATTRIBUTE, "$1");
        } while (html !== before);
        return html;
    }

    function readLabels(element, name) {
        try {
            return JSON.parse(element.getAttribute(name) || "{}");
        } catch (error) {
            return {};
        }
    }

    function say(template, name) {
        return (template || "").replace("%(name)s", name);
    }

    function helpFor(element) {
        var ids = (element.getAttribute("aria-describedby") || "").split(/\s+/);
        for (var i = 0; i < ids.length; i += 1) {
            var help = ids[i] && document.getElementById(ids[i]);
            if (help) {
                return help;
            }
        }
        return document.getElementById(element.id + "_helptext");
    }

    function labelFor(element) {
        return document.querySelector('label[for="' + element.id + '"]');
    }

    // The textarea's text as the editor's HTML, read as the sanitiser reads
    // it: text without block tags is paragraphs separated by blank lines.
    function editableHtml(text) {
        text = (text || "").trim();
        if (!text || HAS_BLOCK.test(text)) {
            return text;
        }
        var plain = !HAS_TAG.test(text);
        var container = document.createElement("div");
        text.split(/\n\s*\n/).forEach(function (part) {
            part = part.trim();
            if (!part) {
                return;
            }
            var paragraph = document.createElement("p");
            part.split("\n").forEach(function (line, index) {
                if (index > 0) {
                    paragraph.appendChild(document.createElement("br"));
                }
                if (plain) {
                    paragraph.appendChild(document.createTextNode(line));
                } else {
                    paragraph.insertAdjacentHTML("beforeend", line);
                }
            });
            container.appendChild(paragraph);
        });
        return container.innerHTML;
    }

    function richTextExtensions(kit) {
        return [
            kit.StarterKit.configure({
                code: false,
                codeBlock: false,
                horizontalRule: false,
                strike: false,
                underline: false,
                trailingNode: false,
                link: false,
                orderedList: false,
                heading: { levels: [2, 3, 4] },
            }),
            // A list always counts from one: the sanitiser keeps no start.
            kit.OrderedList.extend({
                renderHTML: function () {
                    return ["ol", 0];
                },
            }),
            // A link is written exactly as the sanitiser writes it back.
            kit.Link.extend({
                renderHTML: function (props) {
                    var attributes = { href: props.HTMLAttributes.href };
                    if (props.HTMLAttributes.title) {
                        attributes.title = props.HTMLAttributes.title;
                    }
                    attributes.rel = LINK_REL;
                    return ["a", attributes, 0];
                },
            }).configure({
                openOnClick: false,
                autolink: true,
                linkOnPaste: true,
                defaultProtocol: "https",
                isAllowedUri: function (url) {
                    return ALLOWED_LINK.test(url || "");
                },
            }),
        ];
    }

    function toolbarButtons(labels) {
        // name, label, keyboard shortcut, command, whether it shows as pressed
        function toggle(command, options) {
            return function (chain) {
                return chain[command](options);
            };
        }
        return [
            ["bold", labels.bold, "Control+B", toggle("toggleBold"), ["bold"]],
            ["italic", labels.italic, "Control+I", toggle("toggleItalic"), ["italic"]],
            [
                "heading",
                labels.heading,
                "Control+Alt+2",
                toggle("toggleHeading", { level: 2 }),
                ["heading", { level: 2 }],
            ],
            [
                "subheading",
                labels.subheading,
                "Control+Alt+3",
                toggle("toggleHeading", { level: 3 }),
                ["heading", { level: 3 }],
            ],
            [
                "bulletList",
                labels.bulletList,
                "Control+Shift+8",
                toggle("toggleBulletList"),
                ["bulletList"],
            ],
            [
                "orderedList",
                labels.orderedList,
                "Control+Shift+7",
                toggle("toggleOrderedList"),
                ["orderedList"],
            ],
            [
                "quote",
                labels.quote,
                "Control+Shift+B",
                toggle("toggleBlockquote"),
                ["blockquote"],
            ],
            ["link", labels.link, "", null, ["link"]],
            ["undo", labels.undo, "Control+Z", toggle("undo"), null],
            ["redo", labels.redo, "Control+Shift+Z", toggle("redo"), null],
        ];
    }

    function setUpEditor(textarea) {
        var kit = window.RichTextKit;
        if (!kit || !textarea.id) {
            return;
        }
        var labels = readLabels(textarea, "data-richtext-editor");
        var label = labelFor(textarea);
        var help = helpFor(textarea);

        var wrapper = document.createElement("div");
        wrapper.className = "richtext";
        var toolbar = document.createElement("div");
        toolbar.className = "richtext__toolbar";
        toolbar.setAttribute("role", "toolbar");
        toolbar.setAttribute("aria-label", labels.toolbar || "");
        var surface = document.createElement("div");
        surface.className = "richtext__surface";
        wrapper.appendChild(toolbar);
        wrapper.appendChild(surface);
        textarea.parentNode.insertBefore(wrapper, textarea);

        var editorId = textarea.id + "_editor";
        var attributes = {
            id: editorId,
            class: "richtext__editor",
            role: "textbox",
            "aria-multiline": "true",
        };
        if (label) {
            // The label names the editor now; the hidden textarea only carries
            // the editor's HTML to the server.
            label.id = label.id || textarea.id + "_label";
            label.removeAttribute("for");
            attributes["aria-labelledby"] = label.id;
        }
        if (help) {
            attributes["aria-describedby"] = help.id;
            if (labels.help) {
                help.textContent = labels.help;
            }
        }
        if (textarea.getAttribute("aria-invalid") === "true") {
            attributes["aria-invalid"] = "true";
        }
        toolbar.setAttribute("aria-controls", editorId);

        var editor;
        var buttons = [];

        function sync() {
            // Empty paragraphs (Enter pressed twice) are left out: they hold
            // nothing, and the text of a description is its paragraphs.
            textarea.value = editor.isEmpty
                ? ""
                : editor.getHTML().replace(/<p><\/p>/g, "");
        }

        function refresh() {
            buttons.forEach(function (entry) {
                var button = entry[0];
                var active = entry[1];
                var name = entry[2];
                if (active) {
                    button.setAttribute(
                        "aria-pressed",
                        editor.isActive.apply(editor, active) ? "true" : "false",
                    );
                }
                if (name === "undo" || name === "redo") {
                    var possible = editor.can().chain()[name]().run();
                    button.setAttribute("aria-disabled", possible ? "false" : "true");
                }
            });
        }

        function editLink() {
            var current = editor.getAttributes("link").href || "";
            var answer = window.prompt(labels.linkPrompt || "", current);
            if (answer === null) {
                editor.commands.focus();
                return;
            }
            answer = answer.trim();
            var chain = editor.chain().focus().extendMarkRange("link");
            if (!answer) {
                chain.unsetLink().run();
                return;
            }
            if (!ALLOWED_LINK.test(answer) && /^[\w-]+(\.[\w-]+)+/.test(answer)) {
                answer = "https://" + answer;
            }
            if (!ALLOWED_LINK.test(answer)) {
                window.alert(labels.linkInvalid || "");
                editor.commands.focus();
                return;
            }
            chain.setLink({ href: answer }).run();
        }

        toolbarButtons(labels).forEach(function (spec, index) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "richtext__button richtext__button--" + spec[0];
            button.textContent = spec[1] || spec[0];
            button.tabIndex = index === 0 ? 0 : -1;
            if (spec[2]) {
                button.setAttribute("aria-keyshortcuts", spec[2]);
            }
            button.addEventListener("mousedown", function (event) {
                // Keep the editor's selection while clicking a button.
                event.preventDefault();
            });
            button.addEventListener("click", function () {
                if (button.getAttribute("aria-disabled") === "true") {
                    return;
                }
                if (spec[0] === "link") {
                    editLink();
                } else {
                    spec[3](editor.chain().focus()).run();
                }
            });
            toolbar.appendChild(button);
            buttons.push([button, spec[4], spec[0]]);
        });

        // One stop for the Tab key; the arrow keys move along the toolbar.
        toolbar.addEventListener("keydown", function (event) {
            var all = buttons.map(function (entry) {
                return entry[0];
            });
            var at = all.indexOf(document.activeElement);
            if (at < 0) {
                return;
            }
            var rtl = getComputedStyle(toolbar).direction === "rtl";
            var next = {
                ArrowRight: rtl ? at - 1 : at + 1,
                ArrowLeft: rtl ? at + 1 : at - 1,
                Home: 0,
                End: all.length - 1,
            }[event.key];
            if (next === undefined) {
                return;
            }
            event.preventDefault();
            next = (next + all.length) % all.length;
            all[at].tabIndex = -1;
            all[next].tabIndex = 0;
            all[next].focus();
        });

        editor = new kit.Editor({
            element: surface,
            extensions: richTextExtensions(kit),
            content: editableHtml(textarea.value),
            editorProps: {
                attributes: attributes,
                transformPastedHTML: withoutStyles,
            },
            // Tiptap's own rules are in site.css: the content security policy
            // refuses the <style> element it would add to the page.
            injectCSS: false,
            onUpdate: sync,
            onTransaction: refresh,
        });
        if (label) {
            label.addEventListener("click", function () {
                editor.commands.focus();
            });
        }
        textarea.hidden = true;
        wrapper.richTextEditor = editor;
        sync();
        refresh();
        // What the editor shows is what is sent, even if it normalised the
        // text it was given.
        if (textarea.form) {
            textarea.form.addEventListener("submit", sync);
        }
    }

    function setUpMultiSelect(select) {
        if (!window.TomSelect || !select.multiple) {
            return;
        }
        var labels = readLabels(select, "data-multiselect");
        var help = helpFor(select);
        if (help && labels.help) {
            help.textContent = labels.help;
        }
        var status = document.createElement("div");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        status.setAttribute("aria-live", "polite");

        function announce(text) {
            // A fresh text node is announced even when the words repeat.
            status.textContent = "";
            window.setTimeout(function () {
                status.textContent = text;
            }, 50);
        }

        function nameOf(control, value) {
            var option = control.options[value];
            return option ? option.text : value;
        }

        var control = new window.TomSelect(select, {
            plugins: { remove_button: { title: labels.remove || "" } },
            maxOptions: null,
            hidePlaceholder: true,
            placeholder: labels.placeholder || "",
            closeAfterSelect: false,
            render: {
                no_results: function () {
                    var message = document.createElement("div");
                    message.className = "no-results";
                    message.textContent = labels.noResults || "";
                    return message;
                },
            },
            onItemAdd: function (value) {
                this.setTextboxValue("");
                this.refreshOptions(false);
                announce(say(labels.added, nameOf(this, value)));
            },
            onItemRemove: function (value) {
                announce(say(labels.removed, nameOf(this, value)));
            },
        });
        control.wrapper.appendChild(status);
        // The list one types in replaces the <select>, which stays only to
        // carry the choices to the server: screen readers skip it.
        select.setAttribute("aria-hidden", "true");
        if (help) {
            control.control_input.setAttribute("aria-describedby", help.id);
        }
    }

    function setUpSourceRow(row) {
        var inputs = Array.prototype.slice.call(
            row.querySelectorAll("[data-source-field]"),
        );
        var marks = row.querySelectorAll("[data-required-mark]");

        function update() {
            var inUse =
                row.hasAttribute("data-saved") ||
                inputs.some(function (input) {
                    return input.value.trim() !== "";
                });
            marks.forEach(function (mark) {
                mark.hidden = !inUse;
            });
            inputs.forEach(function (input) {
                if (inUse) {
                    input.setAttribute("aria-required", "true");
                } else {
                    input.removeAttribute("aria-required");
                }
            });
        }

        inputs.forEach(function (input) {
            input.addEventListener("input", update);
        });
        update();
    }

    function start() {
        document.querySelectorAll("textarea[data-richtext-editor]").forEach(setUpEditor);
        document.querySelectorAll("select[data-multiselect]").forEach(setUpMultiSelect);
        document.querySelectorAll("[data-source-row]").forEach(setUpSourceRow);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
