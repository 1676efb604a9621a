/* Korean date picker (flatpickr with its `ko` locale; English at /en/) on a text input that
 * keeps the ISO date YYYY-MM-DD the validators expect. Typing still works: the forms the
 * server accepts (20250701, 2025.07.01, 2025/7/1, 2025년 7월 1일) are read as dates, and text
 * that is no date is left as typed (flatpickr would empty it) so the server can say why. */
this.ckan.module("busan-date", function ($) {
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The date a publisher typed, or null. Mirrors rules.parse_date's accepted shapes.
  function parseTyped(text) {
    var m = String(text || "").trim()
      .match(/^(\d{4})\s*(?:[-./년]\s*)?(\d{1,2})\s*(?:[-./월]\s*)?(\d{1,2})\s*일?$/);
    if (!m) { return null; }
    var y = +m[1], mo = +m[2], d = +m[3];
    var date = new Date(y, mo - 1, d);
    if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) { return null; }
    return date;
  }

  return {
    options: { locale: "ko" },

    initialize: function () {
      if (typeof window.flatpickr !== "function") { return; }
      var input = this.el[0];
      var typed = null;
      var korean = this.options.locale === "ko";
      var restore = function () {
        // flatpickr empties text it cannot read: put the publisher's text back.
        if (typed && !input.value) { input.value = typed; }
      };
      var picker = window.flatpickr(input, {
        locale: korean && window.flatpickr.l10ns.ko ? "ko" : "default",
        dateFormat: "Y-m-d",
        allowInput: true,
        disableMobile: true, // the phone's own picker would show the browser's locale again
        monthSelectorType: "static",
        ariaDateFormat: korean ? "Y년 n월 j일" : "F j, Y",
        parseDate: function (text) { return parseTyped(text) || undefined; },
        formatDate: function (date) {
          return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
        },
        onClose: function () { setTimeout(restore, 0); },
        onChange: function () { typed = null; }
      });
      $(input).on("input", function () { typed = input.value; })
              .on("blur", function () { setTimeout(restore, 0); });
      this.picker = picker;
    }
  };
});
