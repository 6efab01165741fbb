// The search box: a <select data-partner-search="URL"> (or data-search="URL" for other
// kinds of object) becomes a Tom Select that asks URL?q=... for options
// (JSON {"results": [{value, text, inn, usual, note}]}).
// Tom Select fires "change" on the original <select>, so htmx attributes on it still work.
(function () {
  function load(select) {
    return function (query, callback) {
      var url = select.dataset.partnerSearch || select.dataset.search;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) { callback(data.results); })
        .catch(function () { callback(); });
    };
  }

  function init(root) {
    root.querySelectorAll("select[data-partner-search], select[data-search]").forEach(function (select) {
      if (select.tomselect) return;
      new TomSelect(select, {
        valueField: "value",
        labelField: "text",
        searchField: ["text", "inn"],
        sortField: [{ field: "usual", direction: "desc" }, { field: "$score" }, { field: "text" }],
        maxOptions: 50,
        preload: "focus",
        loadThrottle: 250,
        shouldLoad: function () { return true; },
        load: load(select),
        render: {
          option: function (item, escape) {
            var note = item.note ? '<div class="small text-muted">' + escape(item.note) + "</div>" : "";
            return "<div>" + escape(item.text) + note + "</div>";
          },
          no_results: function () { return '<div class="no-results">Ничего не найдено</div>'; },
          loading: function () { return '<div class="no-results">Ищем…</div>'; },
        },
      });
    });
  }

  htmx.onLoad(init);
})();
