//! The command line: every subcommand's flags, parsed by clap, and the
//! value parsers that refuse a bad flag before any work starts. Nothing
//! here reads a file or the network; the commands turn these into their
//! plans.
//!
//! Over 500 lines: most are the doc comments clap prints as `--help`;
//! split, the help of one subcommand would be spread over files.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use juspay_customer::calling_code::Country;
use juspay_customer::Operation;
use juspay_customer_fake::Fault;

/// Check customer records against the Juspay Create Customer rules before you
/// import them, and read what the API answered.
///
/// Every rule, limit and message comes from the juspay-customer library, the
/// same code a Rust server uses to pre-validate sign-ups.
#[derive(Parser)]
#[command(name = "juspay-customer", version, propagate_version = true)]
#[command(after_help = "Examples:
  juspay-customer check customers.csv
  juspay-customer check --valid-out clean.csv --invalid-out fix-me.csv --no-verdicts customers.csv
  juspay-customer check --column mobile_number=phone --normalize export.csv
  juspay-customer check --normalize --country-column Country --drop-invalid-optional shop.csv
  juspay-customer check --format json records.jsonl
  JUSPAY_API_KEY=... juspay-customer send --merchant-id m clean.csv
  juspay-customer send --resume --merchant-id m clean.csv
  juspay-customer parse --status 400 response.json

Exit status: 0 every record valid (or a customer parsed), 1 any record refused (or an error
response), 2 a usage or I/O error.")]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Check request records: one verdict per record, a report on stderr.
    ///
    /// Checks every record of FILE (or standard input) and writes one verdict
    /// per record as a JSON line:
    ///
    ///   {"line":N,"valid":true,"body":"..."}
    ///   {"line":N,"valid":false,"errors":[{"field","code","reason","message"},...]}
    ///
    /// `body` is the form body to send. When there are any, a verdict also
    /// holds "warnings" (values over Juspay's server limits, see --strict),
    /// "dropped" (fields left out by --drop-invalid-optional) and "split"
    /// (the country calling code --normalize took from the number). `line` is the line the record starts
    /// on (a CSV header is line 1). Blank
    /// lines (and CSV rows whose cells are all empty) are skipped. A report goes
    /// to stderr: the counts, then the refusals by field and reason, most
    /// frequent first, with the first line each happened on; it never shows a
    /// record's values.
    ///
    /// Nothing is lost: an output that is the input or another output is
    /// refused before anything is read (exit 2); output files are written
    /// under a temporary name beside their target and renamed when the run
    /// completes, so a run that fails or is interrupted leaves no file that
    /// looks finished. If standard output closes early (`| head`), the
    /// verdicts stop there: with --valid-out, --invalid-out or --report-json
    /// the files are still written whole and the exit status is what it
    /// would have been; without them the run stops quietly with status 0.
    #[command(verbatim_doc_comment)]
    Check(CheckArgs),
    /// Parse one response body and print its kind as JSON.
    ///
    /// Reads one response body from FILE (or standard input) and prints its kind
    /// as one JSON object: `{"kind","status","request_id","fields",...}` with
    /// `id`, `object_reference_id` and `client_auth_token_expiry` for a customer
    /// (never the token), and `code`, `error_code`, `error_message`,
    /// `developer_message` for an error.
    #[command(verbatim_doc_comment)]
    Parse(ParseArgs),
    /// Create the customers of a checked file, durably: resumable after a
    /// crash, never creating one twice.
    ///
    /// Reads FILE (what `check --valid-out` wrote: CSV, JSON lines or form
    /// lines), checks every record again and refuses to send anything if one
    /// is refused or an object_reference_id repeats. Then sends each record
    /// with Create (or --operation get-or-create), --concurrency at a time,
    /// at most --rate a second, retrying network failures, 429 and
    /// 500/502/503/504 with backoff (Retry-After honoured). A Create retried
    /// after its answer was lost that meets ALREADY_EXISTS is resolved with
    /// Get or Create, which returns the customer the lost attempt made.
    ///
    /// Every record's state is in a SQLite journal (FILE.journal, and
    /// FILE.journal-wal beside it while a run holds it or after a kill:
    /// copy or move them together). A record is marked "sent" durably
    /// (synced to disk) before its request can leave. After a crash, kill -9
    /// or Ctrl-C, `send --resume` sends each remaining record once; one that
    /// may have been created goes through Get or Create. Each record sent is
    /// the one checked: a file changed since (its id, line or content) stops
    /// the run. The results file (FILE.results.csv, or .jsonl; `results
    /// JOURNAL` writes it from the journal alone) has one row per record:
    /// line,object_reference_id,customer_id,outcome,attempts,failure, where
    /// outcome is created, existing (returned by Get or Create), failed,
    /// or pending/sent (not finished). A 401, 403 or 404, or a record that
    /// gave up unable to connect, stops the run: every request would fail
    /// alike.
    ///
    /// The API key comes from JUSPAY_API_KEY or --api-key-file, never an
    /// argument; neither it nor the merchant id is ever printed or written.
    ///
    /// Exit status: 0 every record created or existing, 1 any failed or not
    /// sent (or a record refused before sending), 2 a usage or I/O error.
    #[command(verbatim_doc_comment)]
    Send(SendArgs),
    /// Write a send run's results file from its journal alone (no input,
    /// no key): the input lost or moved, the results file deleted, or a
    /// look at a run another machine made.
    ///
    /// The same file `send` writes: one row per record,
    /// line,object_reference_id,customer_id,outcome,attempts,failure (JSON
    /// lines for a .jsonl name). The journal is not changed; one a running
    /// `send` holds is refused. Exit status: 0 every record created or
    /// existing, 1 any other, 2 a usage or I/O error.
    #[command(verbatim_doc_comment)]
    Results(ResultsArgs),
    /// Serve a fake Juspay on 127.0.0.1 for tests, failing on purpose when
    /// asked (--faults); prints its address on the first line.
    FakeServer(FakeServerArgs),
    /// Print the request's JSON Schema, or with --openapi the OpenAPI 3.0.3
    /// document of both endpoints: the rules as data for other languages.
    Schema(SchemaArgs),
}

#[derive(clap::Args)]
#[command(after_help = "Examples:
  # The migration: check, send, and resume if the run stopped.
  juspay-customer check --valid-out clean.csv --invalid-out fix-me.csv --no-verdicts export.csv
  JUSPAY_API_KEY=$(cat key.txt) juspay-customer send --merchant-id my_shop clean.csv
  juspay-customer send --resume --api-key-file key.txt --merchant-id my_shop clean.csv

  # Only check and plan, sending nothing:
  juspay-customer send --dry-run clean.csv

  # Against a local fake that fails on purpose:
  juspay-customer fake-server --port 0 --faults 503=10%,commit-then-reset=1%
  JUSPAY_API_KEY=test_key juspay-customer send --base-url http://127.0.0.1:PORT --merchant-id m --rate 0 clean.csv")]
pub(crate) struct SendArgs {
    /// The checked records (`check --valid-out`'s output). A file: it is
    /// read twice.
    pub(crate) file: PathBuf,

    #[command(flatten)]
    pub(crate) read: ReadArgs,

    /// Create (`POST /customers`) or get-or-create (`POST /v2/customers`).
    /// Default create; a resumed run keeps its first run's.
    #[arg(long, value_enum)]
    pub(crate) operation: Option<OperationArg>,

    /// Where to send. Default sandbox.
    #[arg(long, value_enum, default_value = "sandbox")]
    pub(crate) environment: EnvironmentArg,

    /// Send to this base URL instead (`http://127.0.0.1:8080` for a fake).
    #[arg(long, value_name = "URL", conflicts_with = "environment")]
    pub(crate) base_url: Option<String>,

    /// The x-merchantid to send. Default: JUSPAY_MERCHANT_ID.
    #[arg(long, value_name = "ID")]
    pub(crate) merchant_id: Option<String>,

    /// A file whose first line is the API key. Default: JUSPAY_API_KEY.
    #[arg(long, value_name = "FILE")]
    pub(crate) api_key_file: Option<PathBuf>,

    /// The journal. Default FILE.journal; a new run refuses an existing one.
    #[arg(long, value_name = "PATH")]
    pub(crate) journal: Option<PathBuf>,

    /// The results file, CSV or (ending .jsonl) JSON lines. Default
    /// FILE.results.csv; a new run refuses an existing one.
    #[arg(long, value_name = "PATH")]
    pub(crate) results: Option<PathBuf>,

    /// Continue the run the journal holds.
    #[arg(long)]
    pub(crate) resume: bool,

    /// Check the input and say what would be sent; send nothing and keep no
    /// journal. Needs no key.
    #[arg(long)]
    pub(crate) dry_run: bool,

    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) concurrency: u16,

    /// At most R requests a second, retries included; 0 for no limit. The
    /// default, 10, is conservative: Juspay publishes no rate limit for
    /// these endpoints, and a 429 slows the run anyway.
    #[arg(long, value_name = "R", default_value = "10", value_parser = parse_rate)]
    pub(crate) rate: RateArg,

    /// Seconds one request may take in all (connect, send, answer).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds)]
    pub(crate) timeout: f64,

    /// Attempts per record in a run, the first included; a Get or Create
    /// that resolves ALREADY_EXISTS gets as many again.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub(crate) max_attempts: u32,

    /// No progress bar, progress lines or plan.
    #[arg(long, short)]
    pub(crate) quiet: bool,

    /// When standard error is not a terminal (nohup, CI, a log file), a
    /// plain progress line this often, instead of the bar.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub(crate) progress_every: u64,
}

/// `--rate`: no limit (0), or a rate the client takes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RateArg(pub(crate) Option<juspay_customer_client::Rate>);

/// `--rate`: 0 for no limit, else what the client's `Rate` takes (one a
/// day to a billion a second).
fn parse_rate(s: &str) -> Result<RateArg, String> {
    match s.parse::<f64>() {
        Ok(0.0) => Ok(RateArg(None)),
        Ok(r) => juspay_customer_client::Rate::per_second(r)
            .map(|r| RateArg(Some(r)))
            .map_err(|e| format!("{e} (0: no limit)")),
        Err(_) => Err("expected requests a second, 0 for no limit".to_owned()),
    }
}

/// `--timeout`: a finite number of seconds over 0, at most a day.
fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if t.is_finite() && t > 0.0 && t <= 86_400.0 => Ok(t),
        _ => Err("expected seconds, over 0 and at most 86400".to_owned()),
    }
}

#[derive(clap::Args)]
pub(crate) struct SchemaArgs {
    /// The OpenAPI 3.0.3 document instead of the request's JSON Schema.
    #[arg(long)]
    pub(crate) openapi: bool,
}

/// The input format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// One form body per line (`key=value&...`, as the API takes it).
    Form,
    /// One JSON object per line (JSON lines), with the API's key names.
    Json,
    /// CSV with a header row (RFC 4180: quoted fields may hold commas,
    /// quotes and newlines; CRLF or LF).
    Csv,
}

/// How to read an input of records: shared by `check` and `send`.
#[derive(clap::Args, Clone)]
pub(crate) struct ReadArgs {
    /// The input format. Default: from FILE's extension (`.csv` → csv,
    /// `.jsonl` or `.json` → json, anything else → form); form for
    /// standard input.
    #[arg(long, value_enum)]
    pub(crate) format: Option<Format>,

    /// CSV: read field FIELD from the column headed HEADER (repeatable),
    /// e.g. `--column mobile_number=phone`. Without it a field is read from
    /// the column headed like it (case, `_`, `-` and spacing aside:
    /// `Mobile Number` is `mobile_number`), else from the header the common
    /// exports use (Shopify, WooCommerce, Stripe, HubSpot: `Customer ID`,
    /// `Phone`, `Email`, `First Name`, ...; the report says which). Other
    /// columns are carried along untouched. Two mappings for one field, one
    /// header mapped to two fields, or a mapped header the file has twice
    /// stop the run before any record (exit 2); so does a carried column
    /// that looks like a field nothing is read as (`E-mail`, `Name`), until
    /// it is mapped or the field is left out with --leave-out.
    #[arg(long = "column", value_name = "FIELD=HEADER")]
    pub(crate) columns: Vec<String>,

    /// CSV: send no FIELD (email_address, first_name, last_name or
    /// mobile_country_code; repeatable), though a column is headed like it
    /// or looks like it: that column is carried along untouched.
    #[arg(long = "leave-out", value_name = "FIELD")]
    pub(crate) leave_out: Vec<String>,

    /// The input's text encoding when it has no byte order mark: a WHATWG
    /// label such as `windows-1252` (`latin1` reads as windows-1252, as
    /// browsers do) or `utf-16le`. Default UTF-8. UTF-8 and UTF-16 files
    /// with a BOM are read as such whatever this says. Outputs are UTF-8. A
    /// byte not valid in the encoding stops the run (exit 2) naming its line.
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,

    /// CSV: the cell delimiter, one of `,` `;` `|` or `tab`. Default: the one
    /// the header row uses most (outside quotes), `,` when it has none.
    #[arg(long, value_name = "DELIMITER", value_parser = parse_delimiter)]
    pub(crate) delimiter: Option<u8>,
}

#[derive(clap::Args)]
#[command(after_help = "Examples:
  # Which rows of a spreadsheet export fail, and why:
  juspay-customer check customers.csv

  # Split an export into a file to import and a file to fix (with an errors column):
  juspay-customer check --valid-out clean.csv --invalid-out fix-me.csv --no-verdicts customers.csv

  # The phone column is called \"phone\"; fix spaces and dashes on the way:
  juspay-customer check --column mobile_number=phone --normalize customers.csv

  # A shop export: phones typed +91 98765-43210, an ISO country column, names
  # with spaces and accents that the API refuses (kept out, the customer kept):
  juspay-customer check --normalize --country-column Country --default-country-code IN \\
    --drop-invalid-optional --valid-out import.csv shop.csv

  # Form bodies from a log, on standard input:
  grep 'POST /customers' app.log | cut -f3 | juspay-customer check --format form")]
pub(crate) struct CheckArgs {
    /// The records; standard input when absent or `-`.
    pub(crate) file: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) read: ReadArgs,

    /// The same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub(crate) json: bool,

    /// Clean values before checking: trim white space, remove spaces,
    /// dashes, dots and brackets inside mobile numbers, Excel's leading `'`
    /// and an extension after a number (`ext. 12`, `x12`; the verdict says
    /// "extension_removed"), drop one `+` before a country code, and split
    /// an international number (`+91 98765-43210`, `0044 20 7946 0000`):
    /// its country calling code goes to mobile_country_code (a different
    /// code given there is refused as country_code_conflict, `+999` as
    /// unassigned_country_code). Then a national prefix is removed where
    /// libphonenumber removes it (`06 12 34 56 29` from France is sent as 33
    /// and 612345629, as `+33 6 12 34 56 29` is), by the rules of the row's
    /// country. Never turns a wrong character into a right one.
    #[arg(long)]
    pub(crate) normalize: bool,

    /// CSV: the column that holds each row's country, as a region (`IN`,
    /// `sg`) or a calling code (`91`, `+91`), used as mobile_country_code
    /// for a row that has none (a `+CC` in the number wins, with
    /// --normalize). A cell that is neither refuses its row
    /// (unknown_country). E.g. `--country-column "Country Code"`.
    #[arg(long, value_name = "HEADER")]
    pub(crate) country_column: Option<String>,

    /// The country for rows with no mobile_country_code and no country
    /// cell: a region (`SG`) or a calling code (`65`). Without it such
    /// rows get 91 (India), the API's default.
    #[arg(long, value_name = "CODE", value_parser = parse_country)]
    pub(crate) default_country_code: Option<Country>,

    /// Keep a record whose required fields are valid by leaving out each
    /// refused first_name, last_name or email_address; the verdict lists
    /// them under "dropped" and the report counts them. Never
    /// mobile_country_code (dropping it would send 91 for someone else's
    /// country).
    #[arg(long)]
    pub(crate) drop_invalid_optional: bool,

    /// Repair a refused first_name or last_name where it can be: accented
    /// and other letters folded to ASCII (José → Jose, Strauß → Strauss),
    /// white space between name characters made one `-` (Mary Ann →
    /// Mary-Ann), apostrophes there removed (O'Brien → OBrien). The verdict
    /// lists the fields under "repaired", and the report counts them. A name
    /// still refused after repair is refused (or dropped) as written.
    #[arg(long)]
    pub(crate) repair_names: bool,

    /// Refuse values the docs allow but Juspay's published server code does
    /// not (object_reference_id over 128 characters, mobile_number over 16
    /// digits, email_address over 128, names over 64); without it they are
    /// warnings in the verdict and the report (over_server_limit).
    #[arg(long)]
    pub(crate) strict: bool,

    /// Write every valid record to FILE, in the input's format: as read, or
    /// as it will be sent with `--normalize`, `--drop-invalid-optional` or a
    /// country flag (CSV keeps its header and every column, rewriting only
    /// the cells that changed; one without a mobile_country_code column gets
    /// one, last, so that the code split off a number is kept).
    #[arg(long, value_name = "FILE")]
    pub(crate) valid_out: Option<PathBuf>,

    /// Write every refused record to FILE as it was read; CSV gets a last
    /// column `errors` with the messages. With `--valid-out`, every record
    /// lands in exactly one of the two, in input order.
    #[arg(long, value_name = "FILE")]
    pub(crate) invalid_out: Option<PathBuf>,

    /// Write the verdicts to FILE instead of standard output.
    #[arg(long, value_name = "FILE", conflicts_with = "no_verdicts")]
    pub(crate) verdicts: Option<PathBuf>,

    /// Also write the report as one JSON object to FILE, for pipelines:
    /// `records`, `valid`, `invalid`, `bytes` (of the input), `elapsed_seconds`,
    /// and `refusals` as the text report orders them, each
    /// `{"field","reason","count","first_line"}` (`field` null for the whole
    /// record). Never a record's value.
    #[arg(long, value_name = "FILE")]
    pub(crate) report_json: Option<PathBuf>,

    /// Keep records that repeat an earlier record's object_reference_id
    /// valid. By default the first stays valid and each later one is
    /// refused (`duplicate_reference`, naming the first line), since Create
    /// would answer ALREADY_EXISTS. Detection keeps a 128-bit key and a line
    /// number per distinct valid id: up to about 64 bytes each while the
    /// table grows (406 MiB for ten million records with 6.5 million
    /// distinct ids). The workers take turns with the set, in input order.
    #[arg(long)]
    pub(crate) allow_duplicates: bool,

    /// Write no verdicts (the report and any output files only).
    #[arg(long)]
    pub(crate) no_verdicts: bool,

    /// Refuse a record longer than N bytes (reason `too_large`) and skip it
    /// without holding it in memory. Memory stays bounded whatever the input.
    #[arg(long, value_name = "N", default_value_t = 1 << 20, value_parser = clap::value_parser!(u64).range(1..=1 << 30))]
    pub(crate) max_record_bytes: u64,

    /// Keep only the report's first line, and show no progress bar.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

#[derive(clap::Args)]
#[command(after_help = "Example:
  juspay-customer results clean.csv.journal            # writes clean.csv.results.csv
  juspay-customer results --results done.jsonl old.journal")]
pub(crate) struct ResultsArgs {
    /// The journal (`send`'s FILE.journal; its FILE.journal-wal, if a run
    /// was killed, beside it).
    pub(crate) journal: PathBuf,

    /// The results file to write; it must not exist. Default: the journal's
    /// name with `.journal` replaced by `.results.csv`.
    #[arg(long, value_name = "PATH")]
    pub(crate) results: Option<PathBuf>,
}

#[derive(clap::Args)]
pub(crate) struct ParseArgs {
    /// The HTTP status the body came with (100 to 999).
    #[arg(long, value_parser = clap::value_parser!(u16).range(100..=999))]
    pub(crate) status: u16,

    /// The body; standard input when absent or `-`.
    pub(crate) file: Option<PathBuf>,
}

/// `--default-country-code`: a region or an assigned calling code.
fn parse_country(s: &str) -> Result<Country, String> {
    Country::parse(s)
        .ok_or_else(|| "expected a region (IN, SG) or an assigned calling code (91, +65)".to_owned())
}

/// `--encoding`: a label of the WHATWG Encoding Standard (`windows-1252`,
/// `latin1`, `utf-16le`, ...).
fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        format!("{label} is not an encoding label (try utf-8, windows-1252, latin1, utf-16le)")
    })
}

/// `--delimiter`: `,` `;` `|` or `tab` (or a literal tab).
fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "|" => Ok(b'|'),
        "tab" | "\t" => Ok(b'\t'),
        _ => Err("expected one of , ; | tab".to_owned()),
    }
}

/// `--operation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OperationArg {
    /// `POST /customers`; a retry that finds the customer made resolves it
    /// with Get or Create.
    Create,
    /// `POST /v2/customers`: returns the customer if it exists.
    GetOrCreate,
}

impl OperationArg {
    pub(crate) fn operation(self) -> Operation {
        match self {
            OperationArg::Create => Operation::Create,
            OperationArg::GetOrCreate => Operation::GetOrCreate,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OperationArg::Create => "create",
            OperationArg::GetOrCreate => "get-or-create",
        }
    }
}

/// `--environment`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum EnvironmentArg {
    /// https://sandbox.juspay.in
    Sandbox,
    /// https://api.juspay.in
    Production,
}

#[derive(clap::Args)]
#[command(after_help = "Examples:
  # Any free port; the first line on standard output is its address:
  juspay-customer fake-server --port 0

  # A bad day: 10% 503, 2% 429 (Retry-After: 1), 1% of customers created and
  # the answer lost, up to 20 ms latency, the same script for the same seed:
  juspay-customer fake-server --port 0 --faults 503=10%,429=2%,commit-then-reset=1% --latency-ms 20 --seed 7

  # Then, in another shell:
  JUSPAY_API_KEY=test_key juspay-customer send --base-url http://127.0.0.1:PORT --merchant-id test clean.csv")]
pub(crate) struct FakeServerArgs {
    /// The port on 127.0.0.1; 0 takes a free one.
    #[arg(long, default_value_t = 8080)]
    pub(crate) port: u16,

    /// A file whose first line is the API key the fake accepts. Default:
    /// `JUSPAY_API_KEY`, else `test_key`.
    #[arg(long, value_name = "FILE")]
    pub(crate) api_key_file: Option<PathBuf>,

    /// Require this `x-merchantid` on every request (a wrong one is 401
    /// with a message of its own, a missing one 400). Default: any.
    #[arg(long, value_name = "ID")]
    pub(crate) merchant_id: Option<String>,

    /// Fail on purpose: a comma list of KIND=PERCENT, KIND one of a 5xx
    /// status (`503`), `429` (with Retry-After), `reset` (the connection
    /// closed unread) or `commit-then-reset` (the request carried out, the
    /// response lost); PERCENT up to four decimals (`0.5%`).
    #[arg(long, value_name = "LIST", value_parser = parse_fault, value_delimiter = ',')]
    pub(crate) faults: Vec<(Fault, u32)>,

    /// The seed the faults and latency are drawn from.
    #[arg(long, default_value_t = 0)]
    pub(crate) seed: u64,

    /// Each answer waits a random 0 to N milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(crate) latency_ms: u64,

    /// The `Retry-After` seconds a 429 says.
    #[arg(long, value_name = "SECONDS", default_value_t = 1)]
    pub(crate) retry_after: u32,

    /// A connection that sends no request (a new one, or a kept-alive one
    /// between requests) for this long is closed, so idle clients cannot
    /// hold the server's connections forever.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub(crate) idle_timeout: u64,
}

/// `503=10%`: a fault and its share per million requests.
fn parse_fault(s: &str) -> Result<(Fault, u32), String> {
    let (kind, share) = s
        .split_once('=')
        .ok_or_else(|| format!("{s}: expected KIND=PERCENT, e.g. 503=10%"))?;
    let fault = match kind.trim() {
        "429" => Fault::TooManyRequests,
        "reset" => Fault::Reset,
        "commit-then-reset" => Fault::CommitThenReset,
        status => match status.parse::<u16>() {
            Ok(n @ 500..=599) => Fault::ServerError(n),
            _ => {
                return Err(format!(
                    "{kind}: expected a 5xx status, 429, reset or commit-then-reset"
                ))
            }
        },
    };
    let percent = share
        .trim()
        .strip_suffix('%')
        .ok_or_else(|| format!("{s}: the share ends in %, e.g. {kind}=10%"))?;
    let (whole, fraction) = percent.split_once('.').unwrap_or((percent, ""));
    let digits_ok = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits_ok(whole) || !digits_ok(fraction) || fraction.len() > 4 {
        return Err(format!(
            "{s}: the share is a percentage with at most four decimals"
        ));
    }
    let whole: u32 = whole.parse().map_err(|_| format!("{s}: over 100%"))?;
    let fraction: u32 = format!("{fraction:0<4}").parse().unwrap_or(0);
    let per_million = whole
        .checked_mul(10_000)
        .and_then(|w| w.checked_add(fraction))
        .filter(|&n| n <= 1_000_000)
        .ok_or_else(|| format!("{s}: over 100%"))?;
    Ok((fault, per_million))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line a case: the flag's item, its fault and share per million.
    #[test]
    fn fault_items() {
        for (item, want) in [
            ("503=10%", Ok((Fault::ServerError(503), 100_000))),
            ("429=2%", Ok((Fault::TooManyRequests, 20_000))),
            ("commit-then-reset=1%", Ok((Fault::CommitThenReset, 10_000))),
            ("reset=0.5%", Ok((Fault::Reset, 5_000))),
            ("500=0.0001%", Ok((Fault::ServerError(500), 1))),
            ("502=100%", Ok((Fault::ServerError(502), 1_000_000))),
            ("504=100.0001%", Err("504=100.0001%: over 100%")),
            (
                "404=1%",
                Err("404: expected a 5xx status, 429, reset or commit-then-reset"),
            ),
            ("503=10", Err("503=10: the share ends in %, e.g. 503=10%")),
            (
                "503=0.00001%",
                Err("503=0.00001%: the share is a percentage with at most four decimals"),
            ),
            (
                "503=-1%",
                Err("503=-1%: the share is a percentage with at most four decimals"),
            ),
            ("503", Err("503: expected KIND=PERCENT, e.g. 503=10%")),
        ] {
            assert_eq!(parse_fault(item), want.map_err(str::to_owned), "{item}");
        }
    }
}
