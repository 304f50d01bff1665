// Mark requests fired by an htmx timer (hx-trigger="every …") so the server does not count them
// as the user's activity: a page left open must not keep its session alive forever.
document.addEventListener("htmx:configRequest", function (event) {
  var trigger = event.detail.elt && event.detail.elt.getAttribute("hx-trigger");
  if (trigger && /^\s*every\s/.test(trigger)) {
    event.detail.headers["X-Tochuc-Poll"] = "1";
  }
});
