// Keeps each deadline's "time left" current. The server renders the same words (Display/Countdown.cs),
// so without script the page still says when each decision is due.
(function () {
  function span(ms) {
    var minutes = Math.floor(ms / 60000);
    if (minutes < 1) return "under a minute";
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    if (days > 0) return days + " d " + hours + " h";
    if (hours > 0) return hours + " h " + (mins < 10 ? "0" : "") + mins + " min";
    return mins + " min";
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var left = Date.parse(el.getAttribute("data-deadline")) - now;
      el.textContent = left < 0 ? "overdue by " + span(-left) : span(left) + " left";
      el.classList.toggle("countdown--overdue", left < 0);
      el.classList.toggle("countdown--soon", left >= 0 && left < 3600000);
    });
  }
  tick();
  setInterval(tick, 30000);
})();
