// The office page: the three lists follow the JSON. Mirrors web/office_page.py.
function serviceName(s) {
  return boot.lang === "id" ? s.name_id : s.name_en;
}

function issuing(s) {
  if (s.issuing) return T.issuing;
  return fill(T["why_" + s.reason] || T.why_inactive, {time: s.at || ""});
}

function counterNote(c) {
  if (c.ticket) return c.ticket_status === "serving" ? T.at_counter_serving : T.at_counter_called;
  if (c.state === "paused") return T.counter_paused;
  return c.state === "closed" ? T.counter_closed : T.counter_idle;
}

function refill(id, items, build) {
  var list = el(id);
  list.textContent = "";
  items.forEach(function (item) { list.appendChild(build(item)); });
}

function apply(d) {
  refill("counters", d.counters, function (c) {
    var row = make("li", "ctr");
    row.appendChild(make("span", "grow", fill(T.counter, {n: c.number})));
    if (c.ticket) row.appendChild(make("b", "", c.ticket));
    row.appendChild(make("span", "muted", counterNote(c)));
    return row;
  });
  refill("calls", d.calls, function (call) {
    var row = make("li", "calls");
    row.appendChild(make("b", "", call.code));
    row.appendChild(make("span", "grow", fill(T.counter, {n: call.counter})));
    row.appendChild(make("span", "muted", call.time));
    return row;
  });
  el("no-calls").hidden = d.calls.length > 0;
  refill("services", d.services, function (s) {
    var row = make("li", s.closed ? "svcrow closed" : "svcrow");
    if (!s.closed) row.style.borderLeftColor = s.color;
    row.appendChild(make("b", "grow", serviceName(s)));
    row.appendChild(make("span", "", fill(T.waiting_n, {n: s.waiting})));
    row.appendChild(make("span", s.issuing ? "yes" : "no", issuing(s)));
    return row;
  });
  el("ticker").textContent = d.ticker;
  el("ticker").hidden = !d.ticker;
}

live("office", apply);
