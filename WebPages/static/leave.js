// "Leave this page quickly": one click or Esc replaces this page in the history with a neutral
// site, so the back button does not lead here. Without JavaScript the link still leaves.
(function () {
  var link = document.getElementById("leave");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") leave(event);
  });
})();
