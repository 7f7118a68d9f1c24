/*
 * Copy buttons for citations. A button marked data-copy="<id>" copies the
 * text of the element with that id and says so in the status element beside
 * it (role="status", read out by screen readers). The buttons stay hidden
 * where JavaScript does not run: the text is on the page to select there.
 */
(function () {
    "use strict";

    var buttons = document.querySelectorAll("[data-copy]");

    function say(status, message) {
        if (!status) {
            return;
        }
        // Only the latest copy is confirmed; emptied first, so that copying
        // twice is announced twice.
        buttons.forEach(function (button) {
            var other = document.getElementById(button.dataset.copyStatus);
            if (other) {
                other.textContent = "";
            }
        });
        window.setTimeout(function () {
            status.textContent = message;
        }, 50);
    }

    function selectText(element) {
        var range = document.createRange();
        range.selectNodeContents(element);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }

    buttons.forEach(function (button) {
        var source = document.getElementById(button.dataset.copy);
        if (!source) {
            return;
        }
        var status = document.getElementById(button.dataset.copyStatus);
        button.hidden = false;
        button.addEventListener("click", function () {
            var text = source.textContent;
            var failed = function () {
                // The browser refused the clipboard: the text is selected,
                // ready for the keyboard's copy.
                selectText(source);
                say(status, button.dataset.failed);
            };
            if (!navigator.clipboard || !window.isSecureContext) {
                failed();
                return;
            }
            navigator.clipboard.writeText(text).then(function () {
                say(status, button.dataset.copied);
            }, failed);
        });
    });
})();
