/* The book's own script (no dependencies, loaded from the site itself).
 *
 * Sidebar toggles: sphinx-book-theme 1.3 and pydata-sphinx-theme 0.17 both attach their sidebar
 * handlers to the FIRST ".primary-toggle" / ".secondary-toggle" in the page, which is a navbar
 * button this theme hides. The visible header buttons therefore did nothing, and on a phone the
 * navigation could not be opened at all. Forward their clicks to the handled buttons.
 */
document.addEventListener("DOMContentLoaded", function () {
  ["primary", "secondary"].forEach(function (kind) {
    var buttons = document.querySelectorAll("." + kind + "-toggle");
    if (buttons.length < 2) return;
    var handled = buttons[0];
    for (var i = 1; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        handled.click();
      });
    }
  });
});
