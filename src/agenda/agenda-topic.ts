/**
 * `core:agendaChanged`: after an event that a plugin's agenda names in
 * `changedBy`, the team of its account is told its agendas may have changed
 * (the notice is the outbox row itself, so it is lossless like every topic).
 */
export const AGENDA_CHANGED_TOPIC = 'core:agendaChanged';
