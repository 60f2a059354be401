// The office page: swaps in the lists the server renders (web/office_page.py).
live("office", function (view) {
  el("lists").outerHTML = view.lists;
});
