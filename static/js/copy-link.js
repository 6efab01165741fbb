// «Скопировать»: a <button data-copy="#input-id"> copies the input's value to the clipboard
// and says so on the button for two seconds. Without the Clipboard API (plain http) the
// text is selected, so the user can copy it by hand.
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.querySelector(button.dataset.copy);
    if (!input) return;
    input.select();
    var label = button.textContent;
    function done(text) {
      button.textContent = text;
      setTimeout(function () { button.textContent = label; }, 2000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(
        function () { done("Скопировано"); },
        function () { done("Нажмите Ctrl+C"); }
      );
    } else {
      done(document.execCommand && document.execCommand("copy") ? "Скопировано" : "Нажмите Ctrl+C");
    }
  });
})();
