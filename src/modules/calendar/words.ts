/** An appointment's kind in words, as the staff app and the feed show it. */
export const appointmentWords: Record<string, string> = {
  consultation: 'Consultation',
  fitting: 'Fitting',
  collection: 'Collection',
  valuation: 'Valuation',
};

/** What a calendar shows for an appointment: `Fitting: Imogen Achterberg`. */
export const appointmentTitle = (kind: string, customerName: string) => `${appointmentWords[kind] ?? kind}: ${customerName}`;
