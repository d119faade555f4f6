import { describe, expect, it } from 'vitest';
import {
  boilerplateKey,
  isBelgianNationalNumber,
  isTooShort,
  personalDataIn,
} from './justification.ts';

describe('justification checks', () => {
  it('calls one word, or a few letters, too short', () => {
    expect(isTooShort('check')).toBe(true);
    expect(isTooShort('routine control')).toBe(true);
    expect(isTooShort(null)).toBe(true);
    expect(isTooShort('Suspect car of the Namur ram raid seen near the shop.')).toBe(false);
  });

  it('recognises copied text even when case numbers and spacing differ', () => {
    expect(boilerplateKey('Needed for the investigation of case 2026/0311.')).toBe(
      boilerplateKey('needed  for the  investigation of case 2026/4127'),
    );
    expect(boilerplateKey('Route of the suspect van')).not.toBe(
      boilerplateKey('Route of the witness car'),
    );
  });

  it('finds a Belgian national register number only when its checksum holds', () => {
    // 85.07.30-033.28: 850730033 mod 97 = 69, 97 - 69 = 28.
    expect(isBelgianNationalNumber('85.07.30-033.28')).toBe(true);
    expect(isBelgianNationalNumber('85.07.30-033.29')).toBe(false);
    // Born in 2000 or later: the checksum is over 2 followed by the nine digits.
    const body = '050315123';
    const check = String(97 - (Number('2' + body) % 97)).padStart(2, '0');
    expect(isBelgianNationalNumber(body + check)).toBe(true);
    expect(personalDataIn('Owner is 85.07.30-033.28, lives nearby')).toEqual([
      'national-register-number',
    ]);
    expect(personalDataIn('Case AN.20.L3.2026/4127 route reconstruction')).toEqual([]);
  });

  it('finds e-mail addresses, phone numbers and IBANs, and leaves ordinary text alone', () => {
    expect(personalDataIn('asked by jan.peeters@example.be')).toContain('email');
    expect(personalDataIn('witness reachable on 0471 23 45 67')).toContain('phone');
    expect(personalDataIn('paid from BE68 5390 0754 7034')).toContain('iban');
    expect(personalDataIn('paid from BE68 5390 0754 7035')).not.toContain('iban');
    expect(personalDataIn('Suspect vehicle seen at 22:15 on the E40 near exit 12')).toEqual([]);
  });
});
