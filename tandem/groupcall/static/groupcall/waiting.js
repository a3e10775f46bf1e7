// The waiting room asks every few seconds whether the member has been let in,
// and moves on to the call when they have (without JavaScript, the page reloads itself).
const seconds = Number(document.getElementById("groupcall-waiting").dataset.seconds);
setInterval(async () => {
  const answer = await fetch(window.location.href, { headers: { "X-Requested-With": "fetch" } });
  if (answer.redirected && !answer.url.endsWith("/waiting/")) window.location.assign(answer.url);
}, seconds * 1000);
