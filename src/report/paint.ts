import { format as prettyFormat } from "pretty-format";

/**
 * How a report colours its text and prints values. The Jest matchers pass
 * jest-matcher-utils' colours and printers; everything else gets plain text.
 */
export interface Paint {
  /** Emphasis: the headline. */
  readonly bold: (text: string) => string;
  /** De-emphasis: locations, hints. */
  readonly dim: (text: string) => string;
  /** The failing steps' markers and the failing values. */
  readonly mark: (text: string) => string;
  /** A value of the program (an outcome, a panic value), as one line of code-like text. */
  readonly value: (value: unknown) => string;
}

const same = (text: string): string => text;

export const PLAIN: Paint = {
  bold: same,
  dim: same,
  mark: same,
  value: (v) => prettyFormat(v, { min: true }),
};
