/* busan-search-submit: choosing a suggestion of the home page's search box (CKAN's
 * autocomplete module on the typo-tolerant dataset autocomplete) searches for it at once. */
this.ckan.module("busan-search-submit", function (jQuery) {
  return {
    initialize: function () {
      var form = this.el.closest("form");
      this.el.on("change", function (event) {
        if (jQuery(event.target).val()) {
          form.trigger("submit");
        }
      });
    }
  };
});
