/* The room's screen keeps in step with the moderator without reloading: it
   asks for who speaks now and next every few seconds. No inline script (CSP). */
(function () {
  "use strict";
  var root = document.querySelector("[data-room]");
  if (!root) {
    return;
  }
  var url = root.getAttribute("data-room");
  var now = root.querySelector("[data-room-now]");
  var next = root.querySelector("[data-room-next]");

  function line(speaker) {
    return speaker.delegation + (speaker.name ? " — " + speaker.name : "");
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
      })
      .catch(function () {});
  }

  window.setInterval(refresh, 5000);
})();
