// Every form on these pages is sent by its page's module (fetch, JSON). Until that module has loaded — a
// slow tablet on the hall's Wi-Fi — Enter or a click on a button must not send the form the browser's own
// way: a GET to the page itself, which would put what was typed (a password) into the address bar, the
// history and the server's logs. A classic script, loaded before the page: it runs before anyone can type.
document.addEventListener("submit", (event) => event.preventDefault(), true);
