/* The review screen: selecting a passage inside a field of the version shown
   fills the new comment's field and quoted passage, says what was quoted and
   moves to the comment box. Without this script both are filled in by hand. */
(function () {
    "use strict";

    const form = document.querySelector("[data-quote-form]");
    if (!form) {
        return;
    }
    const fieldInput = form.querySelector("[name='field']");
    const quoteInput = form.querySelector("[name='quote']");
    const bodyInput = form.querySelector("[name='body']");
    const note = form.querySelector("[data-quote-note]");
    const NOTE_LENGTH = 200;

    function quotedFieldOf(node) {
        const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
        return element ? element.closest("[data-quote-field]") : null;
    }

    function takeSelection() {
        const selection = window.getSelection();
        if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
            return;
        }
        const range = selection.getRangeAt(0);
        const field = quotedFieldOf(range.startContainer);
        if (!field || field !== quotedFieldOf(range.endContainer)) {
            return;
        }
        const quote = selection.toString().replace(/\s+/g, " ").trim();
        if (!quote) {
            return;
        }
        fieldInput.value = field.dataset.quoteField;
        quoteInput.value = quote;
        if (note) {
            const shown = quote.length > NOTE_LENGTH ? quote.slice(0, NOTE_LENGTH) + "…" : quote;
            note.textContent = note.dataset.quoteNote
                .replace("%(field)s", field.dataset.quoteLabel)
                .replace("%(quote)s", shown);
            note.hidden = false;
        }
        bodyInput.focus();
    }

    document.addEventListener("mouseup", function () {
        // Let the browser settle the selection first.
        window.setTimeout(takeSelection, 0);
    });
    document.addEventListener("keyup", function (event) {
        // Keyboard selection ends when Shift is let go.
        if (event.key === "Shift") {
            takeSelection();
        }
    });
    quoteInput.addEventListener("input", function () {
        if (note) {
            note.hidden = true;
        }
    });
})();
