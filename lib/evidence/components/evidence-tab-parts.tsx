'use client';

import dynamic from 'next/dynamic';

// Shown on one tab of the case page only: its code comes with that tab, not with every case page
// (the case page loads the client code of every tab it imports; issue 11, point 10).
export const EvidenceUploader = dynamic(() => import('./evidence-uploader').then((m) => m.EvidenceUploader));
export const CaptureForm = dynamic(() => import('./capture-form').then((m) => m.CaptureForm));
export const EvidenceItemActions = dynamic(() => import('./evidence-item-actions').then((m) => m.EvidenceItemActions));
export const PreviewWatcher = dynamic(() => import('./preview-watcher').then((m) => m.PreviewWatcher));
