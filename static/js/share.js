// "Copy link" on article pages. Without JavaScript the link is simply the page's
// own address (a long press or right click copies it); with it, a click copies the
// address and says so. Nothing is loaded from anywhere else.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-share-copy]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  const status = document.getElementById(link.getAttribute("aria-describedby"));
  navigator.clipboard.writeText(link.href).then(
    () => { if (status) status.textContent = "Link copied."; },
    () => { if (status) status.textContent = "Could not copy: press and hold the link to copy it."; },
  );
});
