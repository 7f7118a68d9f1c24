/* The intervention timer of the moderator's screen: start, pause and reset;
   a warning 30 seconds before the limit and the overrun shown past it. The
   time taken goes with the "spoke" form. Each start, pause and reset is also
   sent to the server, from which the room's screen shows the same countdown.
   No inline script (CSP). */
(function () {
  "use strict";
  var WARNING = 30;

  function text(seconds) {
    var sign = seconds < 0 ? "+" : "";
    var left = Math.abs(seconds);
    var minutes = Math.floor(left / 60);
    var rest = left % 60;
    return sign + minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function setUp(root) {
    var limit = parseInt(root.getAttribute("data-limit"), 10) || 0;
    var display = root.querySelector("[data-timer-display]");
    var status = root.querySelector("[data-timer-status]");
    var elapsed = 0;
    var ticking = null;
    var told = "";
    var url = root.getAttribute("data-timer-url");
    var token = root.querySelector("input[name=csrfmiddlewaretoken]");

    function tellRoom(action) {
      if (!url || !token) {
        return;
      }
      var body = new URLSearchParams();
      body.set("action", action);
      window
        .fetch(url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token.value },
        })
        .catch(function () {});
    }

    function say(message) {
      if (status && message && message !== told) {
        status.textContent = message;
        told = message;
      }
    }

    function show() {
      var left = limit - elapsed;
      display.textContent = text(left);
      root.classList.toggle("timer--warning", left <= WARNING && left > 0);
      root.classList.toggle("timer--overrun", left <= 0);
      if (left <= 0) {
        say(root.getAttribute("data-overrun-text"));
      } else if (left <= WARNING) {
        say(root.getAttribute("data-warning-text"));
      }
      document.querySelectorAll("[data-timer-elapsed]").forEach(function (input) {
        input.value = String(elapsed);
      });
    }

    function start() {
      if (ticking === null) {
        tellRoom(elapsed === 0 ? "start" : "resume");
        ticking = window.setInterval(function () {
          elapsed += 1;
          show();
        }, 1000);
        root.classList.add("timer--running");
      }
    }

    function pause() {
      if (ticking !== null) {
        tellRoom("pause");
        window.clearInterval(ticking);
        ticking = null;
        root.classList.remove("timer--running");
      }
    }

    function reset() {
      if (ticking !== null) {
        window.clearInterval(ticking);
        ticking = null;
        root.classList.remove("timer--running");
      }
      tellRoom("stop");
      elapsed = 0;
      told = "";
      if (status) {
        status.textContent = "";
      }
      show();
    }

    root.querySelector("[data-timer-start]").addEventListener("click", start);
    root.querySelector("[data-timer-pause]").addEventListener("click", pause);
    root.querySelector("[data-timer-reset]").addEventListener("click", reset);
    show();
  }

  document.querySelectorAll("[data-timer]").forEach(setUp);
})();
