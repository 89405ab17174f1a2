// Draws a department's soonest slots into any element carrying `data-creneaux-departement`, on this site's
// /embed/{code} page or on another site's page. Data come over CORS from the origin this script was loaded
// from; everything is drawn with textContent (never innerHTML), and booking links are https only (http to
// loopback only when the data come from loopback: the local sandbox).
(() => {
  'use strict';
  var script = document.currentScript;
  var API = script?.src ? new URL(script.src).origin : location.origin;
  var FILTERS = ['vaccine', 'dose', 'from', 'to'];
  var LOOPBACK = { '127.0.0.1': true, localhost: true, '[::1]': true };
  var REFRESH_MS = 60000;
  var slotFormat = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });

  function safeLink(url) {
    var parsed;
    try {
      parsed = new URL(url);
    } catch (_e) {
      return null;
    }
    if (parsed.protocol === 'https:') return parsed.href;
    if (parsed.protocol === 'http:' && LOOPBACK[parsed.hostname] && LOOPBACK[new URL(API).hostname]) return parsed.href;
    return null;
  }

  function node(tag, text, className) {
    var element = document.createElement(tag);
    if (text) element.textContent = text;
    if (className) element.className = className;
    return element;
  }

  /** The department and filters: the element's data attributes, or the /embed/{code} page's own URL. */
  function request(target) {
    var code = target.getAttribute('data-creneaux-departement') || '';
    var query = new URLSearchParams();
    var fromUrl = target.getAttribute('data-from-url') === 'true';
    if (fromUrl) {
      const match = /^\/embed\/([^/]+)$/.exec(location.pathname);
      if (match) code = decodeURIComponent(match[1]);
      const own = new URLSearchParams(location.search);
      FILTERS.forEach((name) => {
        if (own.get(name)) query.set(name, own.get(name));
      });
    }
    FILTERS.forEach((name) => {
      var value = target.getAttribute(`data-${name}`);
      if (value) query.set(name, value);
    });
    var limit = Number(target.getAttribute('data-limit') || (fromUrl ? 10 : 5));
    var qs = query.toString();
    return {
      code: code,
      query: qs,
      ownPage: fromUrl,
      limit: limit > 0 && limit <= 50 ? limit : 5,
      url: `${API}/api/v1/departments/${encodeURIComponent(code)}/centers${qs ? `?${qs}` : ''}`,
    };
  }

  function draw(target, body, wanted) {
    var withSlots = body.centers.filter((centre) => centre.soonest_slot && !centre.stale).slice(0, wanted.limit);
    var box = node('section', null, 'creneaux-embed');
    box.setAttribute('aria-label', `Prochains créneaux de vaccination — ${body.department.name}`);
    // On its own page (/embed/{code}) the title is the page's heading; on a host page, the host has its own.
    box.appendChild(
      node(
        wanted.ownPage ? 'h1' : 'p',
        `Prochains créneaux de vaccination — ${body.department.code} ${body.department.name}`,
        'creneaux-title',
      ),
    );
    if (withSlots.length === 0) box.appendChild(node('p', 'Aucun créneau disponible pour le moment.', 'creneaux-none'));
    var list = node('ul', null, 'creneaux-list');
    withSlots.forEach((centre) => {
      var item = node('li', null, 'creneaux-centre');
      item.setAttribute('data-id', centre.id);
      // Block elements, so that the list reads well on a host page without any of our styles.
      var name = node('div', null, 'creneaux-name');
      name.appendChild(node('strong', centre.name));
      item.appendChild(name);
      item.appendChild(
        node(
          'div',
          `${slotFormat.format(new Date(centre.soonest_slot))} · ` +
            `${centre.slot_count}${centre.slot_count === 1 ? ' créneau' : ' créneaux'}`,
          'creneaux-when',
        ),
      );
      item.appendChild(node('div', centre.address, 'creneaux-address'));
      var href = safeLink(centre.booking_url);
      if (href) {
        const link = node('a', 'Prendre rendez-vous', 'creneaux-book');
        link.href = href;
        link.target = '_blank';
        link.rel = 'noopener';
        link.setAttribute('aria-label', `Prendre rendez-vous à ${centre.name}`);
        const action = node('div');
        action.appendChild(link);
        item.appendChild(action);
      }
      list.appendChild(item);
    });
    if (withSlots.length > 0) box.appendChild(list);
    var more = node('p', null, 'creneaux-more');
    var all = node('a', 'Tous les centres du département');
    all.href = `${API}/?department=${encodeURIComponent(wanted.code)}${wanted.query ? `&${wanted.query}` : ''}`;
    all.target = '_blank';
    all.rel = 'noopener';
    more.appendChild(all);
    box.appendChild(more);
    target.replaceChildren(box);
  }

  function load(target, previousEtag) {
    var wanted = request(target);
    // no-cache: the browser revalidates with the ETag; an unchanged answer is not drawn again.
    return fetch(wanted.url, { cache: 'no-cache', mode: 'cors' })
      .then((response) => {
        var etag = response.headers.get('ETag');
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        if (etag && etag === previousEtag) return etag;
        return response.json().then((body) => {
          draw(target, body, wanted);
          return etag;
        });
      })
      .catch(() => {
        if (!previousEtag) target.replaceChildren(node('p', 'Créneaux indisponibles pour le moment.', 'creneaux-none'));
        return previousEtag;
      });
  }

  function start() {
    var targets = document.querySelectorAll('[data-creneaux-departement]');
    Array.prototype.forEach.call(targets, (target) => {
      var etag = null;
      load(target, null).then((first) => {
        etag = first;
      });
      setInterval(() => {
        if (!document.hidden)
          load(target, etag).then((next) => {
            etag = next;
          });
      }, REFRESH_MS);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
