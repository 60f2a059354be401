// The office page: swaps in the lists the server renders (web/office_page.py).
live("office", function (view) {
  var lists = el("lists");
  if (lists.getAttribute("data-version") !== view.version) lists.outerHTML = view.lists;
});
