// The on-call set of one schedule at one instant (docs/routing.md, What "on call" means): the users of the resolved
// entries with start_at <= now < end_at, emails trimmed and lower-cased. An entry covering the instant that
// has no user, or a user without an email, joins no set and is reported as skipped so a trace can show it.
// The rule is the same for every provider, so it lives in plugin/providers/on-call-set.ts.
export { peopleOnCall as onCallAt } from '../on-call-set.js';
