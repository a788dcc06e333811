/** The intake's steps in order (the schemas check each one; this list, without zod, is what the form shows). */
export const INTAKE_STEPS = [
  { id: 'about', title: 'About you' },
  { id: 'branch', title: 'Your branch' },
  { id: 'sanction', title: 'What happened' },
  { id: 'wants', title: 'What you want' },
  { id: 'consent', title: 'Check and send' },
] as const;
