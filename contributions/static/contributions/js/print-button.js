/*
 * Buttons marked data-print-page print the page; they stay hidden where
 * JavaScript does not run, and the browser's own Print works there.
 */
(function () {
    "use strict";
    document.querySelectorAll("[data-print-page]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
            window.print();
        });
    });
})();
