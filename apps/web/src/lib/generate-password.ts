// A strong SASL password that is easy to type by hand (into saslpasswd2, a
// shell, a password manager): letters and digits only, no shell or SASL
// awkward characters. 36 characters drawn uniformly from the 62 with
// crypto.getRandomValues, about 214 bits: more than the 32 printable ASCII
// characters (about 210 bits) this generator used to give. At least one
// lower-case letter, capital and digit, so that no site rule about classes
// can refuse it; that rule costs less than 0.01 bit.
export const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const PASSWORD_LENGTH = 36;
const COUNT = PASSWORD_ALPHABET.length;
// Bytes at or above this would favour the first characters; they are skipped.
const LIMIT = 256 - (256 % COUNT);
export const PASSWORD_CLASSES: readonly RegExp[] = [/[a-z]/, /[A-Z]/, /[0-9]/];

type RandomFill = (array: Uint8Array) => Uint8Array;

export function generatePassword(fill: RandomFill = (a) => crypto.getRandomValues(a)): string {
  for (;;) {
    let password = '';
    while (password.length < PASSWORD_LENGTH) {
      for (const byte of fill(new Uint8Array(PASSWORD_LENGTH * 2))) {
        if (byte < LIMIT && password.length < PASSWORD_LENGTH) password += PASSWORD_ALPHABET[byte % COUNT];
      }
    }
    if (PASSWORD_CLASSES.every((re) => re.test(password))) return password;
  }
}
