// Keeps each deadline's "time left" current, in working time as the server counts it
// (Display/Countdown.cs): the office time left when the page was made, less the office time
// since (real time, until the office closed). Without script the server's text stands.
(function () {
  function span(ms) {
    var minutes = Math.floor(ms / 60000);
    if (minutes < 1) return "under a minute";
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    if (days > 0) return days + " d " + hours + " h";
    if (hours > 0) return hours + " h " + (mins < 10 ? "0" : "") + mins + " min";
    return mins + " min";
  }
  function workingSpan(ms, dayMs) {
    var days = Math.floor(ms / dayMs), rest = ms - days * dayMs;
    if (days === 0) return span(rest);
    var hours = Math.floor(rest / 3600000);
    return days + (days === 1 ? " working day" : " working days") + (hours > 0 ? " " + hours + " h" : "");
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-deadline"));
      var rendered = Date.parse(el.getAttribute("data-rendered"));
      var until = el.getAttribute("data-office-until");
      var office = Number(el.getAttribute("data-office-left-ms"));
      if (until) office -= Math.max(0, Math.min(now, Date.parse(until)) - rendered);
      var text, soon;
      if (now >= due) { text = "overdue by " + span(now - due); soon = false; }
      else if (office > 0) { text = workingSpan(office, Number(el.getAttribute("data-office-day-ms"))) + " left"; soon = office < 3600000; }
      else { text = span(due - now) + " left, out of hours"; soon = true; }
      el.textContent = text;
      el.classList.toggle("countdown--overdue", now >= due);
      el.classList.toggle("countdown--soon", now < due && soon);
    });
  }
  tick();
  setInterval(tick, 30000);
})();
