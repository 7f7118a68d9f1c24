/* The room's screen keeps in step with the moderator without reloading: it
   asks for who speaks now and next, and the timer's state, every few seconds,
   and counts the timer down on its own in between (from the seconds elapsed
   the server gave, plus the time since the answer came, so the screen's own
   clock does not matter). No inline script (CSP). */
(function () {
  "use strict";
  var WARNING = 30;
  var root = document.querySelector("[data-room]");
  if (!root) {
    return;
  }
  var url = root.getAttribute("data-room");
  var now = root.querySelector("[data-room-now]");
  var next = root.querySelector("[data-room-next]");
  var box = root.querySelector("[data-room-timer]");
  var clock = root.querySelector("[data-room-clock]");
  var status = root.querySelector("[data-room-timer-status]");
  var timer = null;
  var receivedAt = 0;

  function line(speaker) {
    return speaker.delegation + (speaker.name ? " — " + speaker.name : "");
  }

  function text(seconds) {
    var whole = Math.ceil(Math.abs(seconds) - 0.001);
    if (seconds < 0) {
      whole = Math.floor(Math.abs(seconds));
    }
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return (seconds < 0 ? "+" : "") + minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tell(message) {
    if (status.textContent !== message) {
      status.textContent = message;
    }
  }

  function tick() {
    if (!timer) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    var elapsed = timer.elapsed;
    if (timer.running) {
      elapsed += (Date.now() - receivedAt) / 1000;
    }
    var left = timer.limit - elapsed;
    clock.textContent = text(left);
    box.classList.toggle("room__timer--warning", left > 0 && left <= WARNING);
    box.classList.toggle("room__timer--overrun", left <= 0);
    if (left <= 0) {
      tell(box.getAttribute("data-overrun-text"));
    } else if (!timer.running) {
      tell(box.getAttribute("data-paused-text"));
    } else if (left <= WARNING) {
      tell(box.getAttribute("data-warning-text"));
    } else {
      tell("");
    }
  }

  function refresh() {
    window
      .fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) {
          return;
        }
        now.textContent = state.now ? line(state.now) : root.getAttribute("data-none");
        next.textContent = "";
        state.next.forEach(function (speaker) {
          var item = document.createElement("li");
          item.textContent = line(speaker);
          next.appendChild(item);
        });
        timer = state.timer;
        receivedAt = Date.now();
        tick();
      })
      .catch(function () {});
  }

  refresh();
  window.setInterval(refresh, 3000);
  window.setInterval(tick, 250);
})();
