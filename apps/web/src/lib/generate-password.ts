// A strong SASL password within the schema's rule (printable ASCII 33..126,
// so no spaces): 32 characters drawn uniformly with crypto.getRandomValues,
// about 210 bits, with at least one lower-case letter, capital, digit and
// symbol so that no site rule about classes can refuse it.
export const PASSWORD_LENGTH = 32;
const FIRST = 33;
const COUNT = 94; // 33..126
// Bytes at or above this would favour the first characters; they are skipped.
const LIMIT = 256 - (256 % COUNT);
const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

type RandomFill = (array: Uint8Array) => Uint8Array;

export function generatePassword(fill: RandomFill = (a) => crypto.getRandomValues(a)): string {
  for (;;) {
    let password = '';
    while (password.length < PASSWORD_LENGTH) {
      for (const byte of fill(new Uint8Array(PASSWORD_LENGTH * 2))) {
        if (byte < LIMIT && password.length < PASSWORD_LENGTH) password += String.fromCharCode(FIRST + (byte % COUNT));
      }
    }
    if (CLASSES.every((re) => re.test(password))) return password;
  }
}
