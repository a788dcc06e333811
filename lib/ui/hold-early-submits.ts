// A form handled by script is a plain HTML form until React has hydrated it. Pressed before that (a slow
// phone, a page still loading its code), the browser would post it itself: the page loads again and what was
// typed is gone. This runs first thing on every page (inline, with the page's CSP nonce) and holds back such
// a submit: a form posted without an action, which React has not yet taken over. React, once it has, handles
// the submit itself (a press while it is hydrating is replayed by React, not by the browser).
//
// "Taken over" is read from the element: React puts its props on each DOM node it has hydrated under a key
// starting "__reactProps$" (React 17 to 19). Should a React upgrade rename it, no such form could be sent at
// all, and every browser journey that saves anything fails, so the upgrade cannot land unnoticed.
// GET forms (search, filters) and forms with an action (server actions, which work without script) are left
// to the browser.
export const HOLD_EARLY_SUBMITS = `document.addEventListener('submit',function(e){var f=e.target;if(!(f instanceof HTMLFormElement)||f.method!=='post'||f.hasAttribute('action'))return;var k=Object.keys(f);for(var i=0;i<k.length;i++)if(k[i].indexOf('__reactProps$')===0)return;e.preventDefault()},true);`;
