// One centre of the public list: when, how many, what, where, how far, how fresh, and how to book.
import { ago, calendarDays, el, parisToday, plural, PLATFORM_NAMES, safeLink, slotTime } from './common.js';

const DAYS_SHOWN = 7;

function vaccinesText(vaccines) {
  return vaccines.map((vaccine) => (vaccine === 'unknown' ? 'vaccin non précisé' : vaccine)).join(', ');
}

/** "+33554991734" → "05 54 99 17 34", the way French numbers are read; anything else as given. */
export function frenchPhone(phone) {
  const national = phone.replace(/[\s.]/g, '').replace(/^\+33/, '0');
  return /^0\d{9}$/.test(national) ? national.replace(/(\d{2})(?=\d)/g, '$1 ') : phone;
}

function kilometres(km) {
  return `${km.toLocaleString('fr-FR', { maximumFractionDigits: km < 10 ? 1 : 0 })} km`;
}

/** Slot counts for the coming days, zeros included, so "nothing on Tuesday" reads as such. */
function dayStrip(centre, firstDay) {
  const counts = new Map((centre.days ?? []).map((day) => [day.date, day.slot_count]));
  return el(
    'ul',
    { class: 'days', 'aria-label': 'Créneaux par jour' },
    calendarDays(firstDay, DAYS_SHOWN).map((day) => {
      const count = counts.get(day.date) ?? 0;
      return el(
        'li',
        {
          class: count === 0 ? 'empty' : undefined,
          'aria-label': `${day.long} : ${plural(count, 'créneau', 'créneaux')}`,
        },
        el('span', { 'aria-hidden': 'true' }, day.short),
        el('strong', { 'aria-hidden': 'true' }, String(count)),
      );
    }),
  );
}

/**
 * `lastKnown` is the stale centre's last known answer (its slots may be long gone): shown greyed, under
 * "données indisponibles", never as "no slot".
 */
export function centreCard(centre, { lastKnown, firstDay = parisToday() } = {}) {
  const platform = PLATFORM_NAMES[centre.platform] ?? centre.platform;
  const card = el('li', { class: centre.stale ? 'centre stale' : 'centre', 'data-id': centre.id });
  card.append(el('h3', {}, centre.name));
  if (centre.stale) {
    card.append(
      el(
        'p',
        {},
        el('span', { class: 'badge' }, 'Données indisponibles'),
        ' — la plateforme ne répond plus pour ce centre.',
      ),
    );
    if (lastKnown?.soonest_slot) {
      card.append(
        el(
          'p',
          { class: 'last-known' },
          `Derniers créneaux connus (peut-être déjà pris) : ` +
            `${slotTime(lastKnown.soonest_slot)} — ` +
            `${plural(lastKnown.slot_count, 'créneau', 'créneaux')}`,
        ),
      );
      card.append(dayStrip(lastKnown, firstDay));
    }
  } else if (centre.soonest_slot) {
    card.append(
      el(
        'p',
        { class: 'soonest' },
        `Prochain créneau : ${slotTime(centre.soonest_slot)} — ${plural(centre.slot_count, 'créneau', 'créneaux')}`,
      ),
    );
    card.append(dayStrip(centre, firstDay));
  } else {
    card.append(el('p', { class: 'none' }, 'Aucun créneau disponible pour ces critères'));
  }
  const vaccines = vaccinesText(centre.vaccines.length > 0 ? centre.vaccines : (lastKnown?.vaccines ?? []));
  const platforms = [
    ...new Set((centre.sources ?? []).map((source) => PLATFORM_NAMES[source.platform] ?? source.platform)),
  ];
  card.append(
    el(
      'p',
      { class: 'meta' },
      [vaccines, platforms.length > 1 ? platforms.join(' + ') : platform, centre.address].filter(Boolean).join(' · '),
    ),
  );
  if (centre.distance_km !== undefined)
    card.append(el('p', { class: 'distance' }, `À ${kilometres(centre.distance_km)}`));
  if (centre.last_success_at) card.append(el('p', { class: 'updated' }, `Mis à jour ${ago(centre.last_success_at)}`));
  const actions = el('p', { class: 'actions' });
  const href = safeLink(centre.booking_url);
  if (href) {
    // A stale centre may still take bookings: the platform itself is the one to ask.
    actions.append(
      el(
        'a',
        { class: 'book', href, target: '_blank', rel: 'noopener' },
        centre.stale ? 'Vérifier sur la plateforme' : 'Prendre rendez-vous',
        el('span', { class: 'visually-hidden' }, ` à ${centre.name} sur ${platform}`),
      ),
    );
  }
  if (centre.phone)
    actions.append(
      el('a', { href: `tel:${centre.phone.replace(/[^+\d]/g, '')}` }, `Par téléphone : ${frenchPhone(centre.phone)}`),
    );
  if (actions.childNodes.length > 0) card.append(actions);
  if ((centre.sources ?? []).length > 1) card.append(sourceList(centre));
  return card;
}

/** A place listed on several platforms: one card, each listing with what it offers and its own booking link. */
function sourceList(centre) {
  return el(
    'ul',
    { class: 'sources', 'aria-label': 'Ce lieu sur chaque plateforme' },
    centre.sources.map((source) => {
      const name = PLATFORM_NAMES[source.platform] ?? source.platform;
      const what = source.soonest_slot
        ? `${slotTime(source.soonest_slot)} — ${plural(source.slot_count, 'créneau', 'créneaux')}`
        : 'aucun créneau';
      const href = safeLink(source.booking_url);
      const label = href ? el('a', { href, target: '_blank', rel: 'noopener' }, name) : name;
      return el('li', { 'data-source': source.center_id }, label, ` : ${what}`);
    }),
  );
}
