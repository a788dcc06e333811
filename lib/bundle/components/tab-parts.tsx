'use client';

import dynamic from 'next/dynamic';

// Shown on one tab of the case page only: its code comes with that tab, not with every case page
// (the case page loads the client code of every tab it imports; issue 11, point 10).
export const BundleProgress = dynamic(() => import('./bundle-progress').then((m) => m.BundleProgress));
export const FairnessForm = dynamic(() => import('./fairness-form').then((m) => m.FairnessForm));
export const StartReviewButton = dynamic(() => import('./start-review').then((m) => m.StartReviewButton));
export const PublishReviewButton = dynamic(() => import('./start-review').then((m) => m.PublishReviewButton));
