/* Fills the dataset URL name from a Korean title. CKAN's own slug preview drops Hangul
 * (its slugify keeps Latin letters only), so the name would stay empty: ask the server
 * (busan_dataset_name_suggest: Revised Romanization, unique) and put the answer in the
 * URL field, unless the publisher has typed a URL of their own. */
this.ckan.module("busan-slug-title", function ($) {
  return {
    options: { delay: 250 },

    initialize: function () {
      var module = this;
      var slug = $("#field-name");
      if (!slug.length || slug.val()) {
        return; // editing an existing dataset: keep its URL
      }
      var manual = false;
      var timer = null;
      var latest = 0;
      this.sandbox.subscribe("slug-preview-modified", function () { manual = true; });
      this.el.on("input.busan-slug", function () {
        if (manual) { return; }
        var title = this.value;
        clearTimeout(timer);
        timer = setTimeout(function () { module.suggest(title, ++latest, slug, function () { return latest; }); },
                           module.options.delay);
      });
    },

    suggest: function (title, request, slug, current) {
      if (!title.trim()) { return; }
      this.sandbox.client.call("GET", "busan_dataset_name_suggest", "?title=" + encodeURIComponent(title),
        function (response) {
          if (request !== current()) { return; } // an older answer arriving late
          slug.val(response.result.name).trigger("change");
          $(".slug-preview-value").text(response.result.name);
        });
    }
  };
});
