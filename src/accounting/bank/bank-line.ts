/** One booked line of a bank statement, as matching needs it. */
export interface BankLine {
  /** 1-based line in a CSV file, or entry number in a camt.053 file. */
  line: number;
  /** Booking date, YYYY-MM-DD. */
  date: string;
  /** Signed decimal with `.` (credits positive): `1234.56`, `-20.00`. */
  amount: string;
  currency: string | null;
  /** Every reference and remittance text of the line, joined with spaces. */
  text: string;
}
