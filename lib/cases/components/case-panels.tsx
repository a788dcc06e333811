'use client';

import dynamic from 'next/dynamic';

// Shown on one tab of the case page only: its code comes with that tab, not with every case page
// (the case page loads the client code of every tab it imports; issue 11, point 10).
export const AssignmentPanel = dynamic(() => import('./case-panels-body').then((m) => m.AssignmentPanel));
export const CaseStageForm = dynamic(() => import('./case-panels-body').then((m) => m.CaseStageForm));
export const ConsentPanel = dynamic(() => import('./case-panels-body').then((m) => m.ConsentPanel));
