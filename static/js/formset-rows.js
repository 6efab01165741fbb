// «Добавить строку» under an inline formset: a copy of the empty row with the next index.
(function () {
  var button = document.getElementById("formset-add-row");
  var rows = document.getElementById("formset-rows");
  var template = document.getElementById("formset-empty-row");
  if (!button || !rows || !template) return;
  var total = document.getElementById("id_" + rows.dataset.prefix + "-TOTAL_FORMS");
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, index));
    total.value = index + 1;
    var first = rows.lastElementChild.querySelector("input, textarea");
    if (first) first.focus();
  });
})();
