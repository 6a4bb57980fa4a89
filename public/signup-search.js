// The sign-up page's cooperative search as the participant types, for the page loaded as a
// document (it ships no React): asks /signup?koperasi=… for the same list the page renders
// without JavaScript and puts it in place, the cooperative already chosen kept on top.
(function () {
  var input = document.getElementById('koperasi');
  var choices = document.getElementById('cooperative-choices');
  if (!input || !choices || !input.form || !window.fetch || !window.DOMParser) return;
  var form = input.form;
  var button = form.querySelector('button[name="intent"][value="search"]');
  var shown = form.querySelector('input[name="koperasiShown"]');
  var timer;
  var latest = 0;
  function search(text) {
    clearTimeout(timer);
    var asked = ++latest;
    var current = document.getElementById('cooperative-choices');
    var checked = current && current.querySelector('input[type="radio"]:checked');
    var query = new URLSearchParams({ koperasi: text, cooperativeId: checked ? checked.value : '' });
    fetch('/signup?' + query.toString(), { credentials: 'same-origin' })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (asked !== latest) return;
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('cooperative-choices');
        var now = document.getElementById('cooperative-choices');
        if (next && now) now.replaceWith(document.importNode(next, true));
        if (shown) shown.value = text;
      })
      .catch(function () {});
  }
  // Enter and the button search in place; they never send the sign-up.
  if (button) {
    button.type = 'button';
    button.addEventListener('click', function () { search(input.value); });
  }
  input.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    search(input.value);
  });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
})();
