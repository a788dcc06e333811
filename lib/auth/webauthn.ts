import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { getEnv } from '../env';

// Passkeys (WebAuthn) through @simplewebauthn/server. The relying party is the site in APP_URL: a passkey
// made for one address never works on another, which is what makes passkeys resist phishing.

export type StoredPasskey = { credentialId: string; publicKey: Uint8Array; counter: bigint; transports: string[] };

const CHALLENGE_MINUTES = 5;
export const challengeExpiry = (now = new Date()) => new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);

export function relyingParty(): { id: string; origin: string; name: string } {
  const url = new URL(getEnv().APP_URL);
  return { id: url.hostname, origin: url.origin, name: 'Reinstate' };
}

const transportsOf = (p: StoredPasskey) =>
  p.transports as ('ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb')[];

export async function registrationOptions(
  user: { id: string; email: string; name: string },
  existing: StoredPasskey[],
) {
  const rp = relyingParty();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/** The new credential, or null when the browser's answer does not match the challenge, this site or a valid key. */
export async function checkRegistration(response: RegistrationResponseJSON, expectedChallenge: string) {
  const rp = relyingParty();
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified) return null;
  const { credential, credentialDeviceType, credentialBackedUp } = result.registrationInfo;
  return {
    credentialId: credential.id,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports ?? [],
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
  };
}

export async function authenticationOptions(passkeys: StoredPasskey[]) {
  return generateAuthenticationOptions({
    rpID: relyingParty().id,
    userVerification: 'preferred',
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
  });
}

/** The passkey's new signature counter, or null when the assertion does not verify. */
export async function checkAuthentication(
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  passkey: StoredPasskey,
): Promise<number | null> {
  const rp = relyingParty();
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
    credential: {
      id: passkey.credentialId,
      publicKey: new Uint8Array(passkey.publicKey),
      counter: Number(passkey.counter),
      transports: transportsOf(passkey),
    },
  }).catch(() => null);
  return result?.verified ? result.authenticationInfo.newCounter : null;
}
