// django-celery-beat's inline script for the periodic task form, as a static file
// (the content security policy allows no inline script).
(function () {
  const $ = django.jQuery;
  const readableCrontabs = JSON.parse($("#readable-crontabs").text());
  const originalCrontabHelp = document.getElementById("periodic-task-overrides").dataset.crontabHelp;

  const updateCrontabHelp = function (additional) {
    $(".field-crontab .help").html(`${originalCrontabHelp}<br/>Translation: ${additional}`);
  };

  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    updateCrontabHelp(readableCrontabs[$("#id_crontab").val()]);
  });
})();
