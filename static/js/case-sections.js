// The case page's sections (templates/caselaw/case_detail.html): one at a time, chosen by
// the links above them or by the address's #fragment (an entry's #entry-23 shows the
// docket). The docket shows first. Without JavaScript every section shows, in order.
(() => {
  const nav = document.querySelector(".case-tabs");
  const sections = Array.from(document.querySelectorAll("[data-case-section]"));
  if (!nav || !sections.length) return;
  const links = Array.from(nav.querySelectorAll("a[href^='#section-']"));

  function sectionOf(hash) {
    const target = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    return target?.closest("[data-case-section]") ?? sections.find((s) => s.id === "section-docket") ?? sections[0];
  }

  function show(section) {
    for (const each of sections) each.hidden = each !== section;
    for (const link of links) {
      if (link.hash === `#${section.id}`) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
  }

  function follow() {
    const section = sectionOf(location.hash);
    show(section);
    const target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target && target !== section) target.scrollIntoView({ block: "center" });
  }

  nav.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#section-']");
    if (!link) return;
    event.preventDefault();
    history.replaceState(null, "", link.hash);
    show(sectionOf(link.hash));
    nav.scrollIntoView({ block: "nearest" });
  });
  window.addEventListener("hashchange", follow);
  follow();
})();
