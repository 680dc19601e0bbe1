# English: the reasons of faults and refusals, and where they are.

fault-at-line = line { $line }: { $reason }
fault-at-cell = row { $line }, column “{ $column }”: { $reason }

## The journal's lines.

line-incomplete = the line ends before its JSON object is complete
line-not-json = not a valid journal line: { $detail }
line-not-utf8 = the line is not UTF-8 text
line-too-long = the line is longer than 16 MiB (16,777,216 bytes), the most a journal line may be
line-unknown-type = unknown type “{ $kind }”
line-no-such-field = “{ $kind }” lines have no field “{ $field }”
line-missing-field = field “{ $field }” is missing
line-empty-field = field “{ $field }” is empty
line-field = { $field }: { $reason }
line-party-name-empty = the { $party }'s name is empty
line-bad-mode = mode “{ $mode }” is neither “ex_officio” (chủ động) nor “on_request” (theo đơn)
line-bad-unable-ground = ground “{ $ground }” of “unable” is not no_means, item_gone or address_unknown
line-unknown-category = category “{ $name }” is unknown (use state_budget, credit_institution, corruption_economic or state_compensation)
line-category-twice = category “{ $name }” is listed twice
line-amount = amount { $reason }
line-amount-quoted = amount { $raw } is text: write the number without quotes
line-amount-exponent = amount { $raw } is written with an exponent: write every digit (1000, not 1e3)
line-amount-fraction = amount { $raw } is not a whole number of đồng
line-amount-not-number = amount { $raw } is not a number
line-amount-huge = amount { $raw } is more than a case may hold (at most { $ceiling })
line-amount-below = amount { $amount } must be at least { $minimum }
party-debtor = debtor
party-creditor = creditor

## Codes, dates and amounts.

bad-agency-code = “{ $code }” is not an agency code (1–32 letters, digits, “-”, “_” or “.”)
bad-executor-code = “{ $code }” is not an executor code (1–32 letters, digits, “-”, “_” or “.”)
bad-case-code = “{ $code }” is not a case code (1–64 characters, no spaces)
bad-day = “{ $text }” is not a calendar date written YYYY-MM-DD
amount-above-ceiling = { $amount } is more than a case may hold (at most { $ceiling }, a million billion đồng)
amount-negative = { $amount } is negative

## The rules that span lines.

agency-duplicate = agency { $code } is already declared
agency-unknown-parent = parent agency { $code } is not declared (declare it on an earlier line)
agency-too-many = too many agencies (at most { $max })
executor-duplicate = executor { $code } is already declared
executor-unknown-agency = executor { $code }: agency { $agency } is not declared (declare it on an earlier line)
executor-too-many = too many executors (at most { $max })
check-duplicate-case = case { $case }: this case code is already used by another case
check-unknown-agency = case { $case }: agency { $agency } is not declared (declare it on an earlier line)
check-unknown-case = case { $case }: no such case (its “accepted” line must come first)
check-bad-entrustee = case { $case }: cannot entrust to { $to }: { $why }
check-entrustee-unknown = no such agency is declared
check-entrustee-own = that is the case's own agency
check-unknown-executor = case { $case }: executor { $executor } is not declared (declare it on an earlier line)
check-executor-elsewhere = case { $case }: executor { $executor } works in { $agency }, which is neither the case's agency { $case_agency } nor one above it
ground-unknown = ground “{ $ground }” of “{ $kind }” is not in rules/grounds.toml
ground-other-event = ground “{ $ground }” is a ground of “{ $of }”, not of “{ $kind }”
ground-not-in-force = ground “{ $ground }” of “{ $kind }” is not in force on that day
returned-not-in-force = a request can be returned only from 2026-07-01 (Law 106/2025), not on { $on }
returned-ex-officio = only a case enforced on request is returned; a case enforced ex officio goes to the separate register
returned-too-soon = not enforceable only since { $since }: the request can be returned from { $from }
check-case = case { $case }: { $reason }
check-control-character-case = case { $code }: { $field } holds the control character U+{ $character }, which no text may hold
check-control-character-agency = agency { $code }: { $field } holds the control character U+{ $character }, which no text may hold
field-agency-name = the name
field-decision = the decision
field-judgment = the judgment
field-debtor-name = the debtor's name
field-debtor-id = the debtor's identity number
field-debtor-address = the debtor's address
field-creditor-name = the creditor's name
field-creditor-id = the creditor's identity number
field-creditor-address = the creditor's address
field-reason = the reason
field-executor-name = the name
field-note = the note
field-payee = the creditor paid
field-account = the creditor's bank account number
field-bank = the creditor's bank

## The rules of a case's events.

rule-out-of-order = “{ $kind }” is dated { $on }, before the case's previous event ({ $previous })
rule-after-close = “{ $kind }” on { $on }, but the case was already closed (“{ $closed }” on { $closed_on })
rule-already-unable = unable, but the case is already not enforceable
rule-already-able = able, but the case is already enforceable
rule-no-amount = “{ $kind }” of { $amount }: the amount must be at least 1 đ
rule-more-than-owed = “{ $kind }” of { $amount }, but only { $owed } is still owed
rule-already-paused = “{ $kind }”, but the case is already { $pause }
rule-not-paused = resumed, but the case is neither postponed nor suspended
rule-still-owed = completed, but { $owed } is still owed (record the collection or reduction first)
rule-more-than-unpaid = paid out { $amount }, but only { $unpaid } was collected and not yet paid out
rule-needs-unable = “{ $kind }”, but the case is enforceable
rule-already-apart = moved to the separate register, but the case is there already
pause-postponed = postponed
pause-suspended = suspended

## A register (sổ thụ lý) read from a spreadsheet.

register-unknown-agency = no agency has the code { $code }: declare it in the sheet “{ $sheet }” or ask the administrator
register-sheet-empty = the sheet “{ $sheet }” is empty: row 1 must hold the column headings (download the template with “thads template register”)
register-heading-twice = this heading appears twice
register-unknown-column = not a column of the register (see the template's headings)
register-missing-column = this column is missing: the heading row must name every required column of the template
register-merged = cells are merged ({ $rows }): unmerge them and write the value in every cell
register-more-than-amount = { $collected } collected and { $reduced } reduced is more than the { $amount } to enforce
register-date-differs = { $on } differs from “{ $unable }” ({ $since })
register-unable-needs-date = a case not enforceable needs the date of that decision
register-enforceable-not-unable = the case is “{ $enforcing }”, so it is enforceable: leave this cell empty or set the status to “{ $unable }”
register-reason-without-date = a reason, but no date in “{ $since }”
register-status-date-missing = the date of “{ $name }” is missing
register-entrusted-needs-agency = an entrusted case needs the code of the agency it went to
register-only-entrusted = only a case “{ $entrusted }” has this cell filled
register-bad-ground = ground “{ $ground }” does not fit the status “{ $name }” (not enforceable, or request returned: no_means, item_gone or address_unknown; postponed, suspended or terminated: a code of rules/grounds.toml; none for the others)
register-closed-but-owed = the case is “{ $name }”, but { $owed } is still owed
register-within-year = the case was accepted on { $accepted }, within the statistical year from { $start }: all of it is within that year
register-before-accepted = { $on } is before the case was accepted ({ $accepted })
register-after-closed = { $on } is after the case was closed (“{ $name }”, { $closed })
register-no-amount = no amount in “{ $heading }”
register-amount-without-date = the date is missing for the amount in “{ $heading }”
register-amount-range = must be from 1 đ (the last one, on { $last }, is within its statistical year) to the { $value } of “{ $heading }”
register-cell-empty = this cell must not be empty
register-bad-mode = “{ $text }” is not a mode: write “Chủ động” or “Theo đơn”
register-bad-category = “{ $part }” is not a category: write Ngân sách nhà nước; Tổ chức tín dụng; Tham nhũng, kinh tế (separated by “;”)
register-bad-status = “{ $text }” is not a status: write one of { $names }
register-agency-column-missing = this column of the sheet “{ $sheet }” is missing
register-too-large = the file would take more than 768 MiB of memory once read (about 700,000 rows of a register): split it, for instance into one register per agency
register-cell-error = the cell holds the error { $e }
register-cell-formula = the cell holds a formula whose value the file does not keep: open the file in Excel and save it again (Excel keeps the values), or type the value
register-leading-zero = { $n } is typed as a number, which drops a leading 0: format the cell as text and type the number again
register-number-not-date = { $n } is a number, not a date: write the date as dd/mm/yyyy or format the cell as a date
register-not-a-date = “{ $text }” is not a date: write it as dd/mm/yyyy (for example 15/01/2025)
register-no-such-date = “{ $text }” is not a date of the calendar
register-not-whole-number = { $n } is not a whole number of đồng (0 or more)
register-date-not-amount = a date, not an amount of money
register-not-an-amount = “{ $text }” is not an amount in đồng: write 150000000 or 150.000.000 (the dot groups thousands)
register-not-whole-dong = “{ $text }” is not a whole number of đồng
register-bad-csv = the file cannot be read as CSV: { $e }
register-too-many-cells = row { $row } has { $count } cells, more than a sheet's 16,384 columns
register-cell-too-long = row { $row } has a cell of { $count } characters, more than the 32,767 a cell can hold in Excel
workbook-damaged = the workbook is damaged: it cannot be read (save it again from Excel, or send a CSV file)
workbook-no-sheet = the workbook has no sheet
workbook-sheet = sheet “{ $name }”: { $e }
workbook-unreadable = this is not an Excel workbook (.xlsx) that can be read: { $error }
workbook-row-beyond = sheet “{ $sheet }” has a cell in row { $row }, beyond the last row a sheet can have (1,048,576): the file was not made by a spreadsheet
workbook-column-beyond = sheet “{ $sheet }” has a cell in column { $column }, beyond the last column a sheet can have (16,384, XFD): the file was not made by a spreadsheet
workbook-too-many-parts = the workbook has { $parts } parts, where one has about ten (at most 1,000): the file was not made by a spreadsheet
workbook-shared-texts = the workbook declares { $declared } shared texts but holds { $held }: the file is damaged or was not made by a spreadsheet
workbook-unpacks-too-large = the workbook unpacks to more than 4 GiB of XML, far more than any register: it cannot be read
workbook-cell-too-long = a cell of the workbook holds more than 32,767 characters, the most a cell can hold in Excel: the file was not made by a spreadsheet
workbook-tag-too-long = the workbook holds an XML tag longer than 64 KiB: the file was not made by a spreadsheet
register-rows-one = row { $first }
register-rows-range = rows { $first } to { $last }

## Who may import what.

import-agency-not-allowed = agency { $agency }: only the national administrator declares agencies
import-case-not-allowed = case { $case }: you do not record the cases of agency { $agency }

## Coordination with partner agencies (format version 2).

line-bad-code = { $field }: “{ $code }” is not a code (1 to 64 letters, digits, “-”, “_”, “.” or “/”)
line-bad-partner-kind = “{ $kind }” is not a kind of partner (court, procuracy, police_province, police_commune, finance, land, construction, social_insurance, bank, treasury, commune, employer, prison, enforcement_agency, other)
line-bad-digest = the attachment's sha256 “{ $digest }” is not 64 lowercase hexadecimal digits
line-bad-media-type = the attachment's type “{ $media_type }” is not a PDF, PNG or JPEG
field-named = the { $field }
partner-duplicate = partner { $code } is already declared
partner-unknown = partner { $code } is not declared (declare it on an earlier line)
coordination-unknown-agency = agency { $agency } is not declared (declare it on an earlier line)
request-duplicate = request { $request } is already sent: its code is used
request-unknown = request { $request } was never sent
request-other-province = request { $request }: partner { $partner } works with another province
request-no-rule = no rule of rules/requests.toml gives a deadline for a request “{ $kind }” to a partner of kind { $partner } sent on { $on }
request-closed = request { $request } is already answered or withdrawn
request-too-early = request { $request }: the date is before { $after }, when the request was sent or last reminded
request-received-twice = request { $request } is already received
request-reminded-twice = request { $request } has had its two reminders already
request-not-escalable = request { $request } can be brought to the Steering Committee once, after its second reminder
request-case-elsewhere = request { $request }: case { $case } is not of the sending agency or one below it
import-fact-not-allowed = a “{ $kind }” line: partners and requests are recorded in thads by the accounts whose acts they are; a file brings them only from the national administrator or the server's console
request-needs-agency = a request names its case or, if it is about none, the agency that sends it
attachment-too-large = the attached file “{ $file }” is larger than { $max } MB
attachment-bad-type = the attached file “{ $file }” is not a PDF, PNG or JPEG (its content is checked, not its name)
attachments-too-many = a request attaches at most { $max } files
request-not-overdue = request { $request } is not overdue: it is due on { $due }
request-report-not-closed = request { $request } sends the report to { $report } for co-signing, but that period is not closed for its agency: close it first
request-report-missing = request { $request } is a co-signing request: it must name the closed period's last day (report)
request-not-cosigning = request { $request } is not a co-signing request: only a co-signing request sends a report or receives a signature
request-no-signature = the answer to co-signing request { $request } must sign the report or say what it disputes
line-bad-signature = “{ $signature }” is not a signature (signed, disputed)

## Exemption and reduction: each case's conditions.

exemption-without-means = Without means since { $since }
exemption-paid-part = A part paid: { $collected } of { $amount } (at least 1/50)
exemption-paid-none = Nothing of note paid: { $collected } of { $amount } (under 1/50)
exemption-waited = { $years } years have passed since the decision of { $since }
exemption-not-waited = { $years } years have not passed since the decision of { $since }: from { $from }
exemption-outside-bands-part = What is left, { $owed }, fits no band for a debtor who paid a part
exemption-outside-bands-none = The debt, { $owed }, fits no band for a debtor who paid nothing
exemption-once-a-year = Last decided on { $last }: a year has passed
exemption-not-once-a-year = Decided on { $last }: once a year, the next from { $from }
exemption-verified = Verification minutes of { $on }, less than 3 months old
exemption-verification-old = Verification minutes of { $on } are over 3 months old: verify again before filing
exemption-never-verified = No verification minutes: verify before filing

## The Steering Committee: meetings, conclusions, tasks.

committee-duplicate = the code { $code } is already taken
committee-unknown = no meeting, directive or task { $code }
committee-not-province = the Steering Committee meets at the province: { $agency } is not a province's enforcement agency
committee-empty-period = meeting { $code }: the period reviewed ends before it starts
committee-issued = the dossier of meeting { $code } was issued: its texts and figures are frozen
committee-unknown-partner = { $code } is not a partner organisation of the province
committee-too-early = conclusion { $code }: a report dated before the meeting of { $after }
committee-not-issued = the dossier of meeting { $code } is not issued yet
line-bad-meeting-kind = no kind of meeting “{ $kind }”: quarterly, six_monthly, annual or ad_hoc
line-bad-figures = a dossier's figures are JSON
line-bad-decision-kind = no kind of decision “{ $kind }”: establishment, change or regulation
line-bad-member-role = no role “{ $role }”: head, deputy, member or secretariat
committee-agency-elsewhere = campaign { $code }: { $agency } is not an agency of the province
committee-no-such-step = case { $case }: its plan has no step { $step } still to do
committee-not-complex = case { $case } is not followed as complex
committee-case-elsewhere = { $code }: case { $case } is not of the province's agencies
committee-owner-elsewhere = case { $case }: executor { $executor } is not of the province's agencies
line-meeting-and-directive = a task comes from a meeting or from a directive, not both
committee-step-too-early = case { $case }: a step of the plan done before the plan of { $after }

## Closed periods and statistical days
close-unknown-agency = the close names agency { $agency }, which is not declared
close-not-month-end = a statistical period ends on a month's last day: { $to } is not one (the month ends on { $end })
close-already = the periods through { $through } are closed already: a close to { $to } changes nothing
close-bad-digest = the close's sha256 is not 64 lowercase hexadecimal digits
counted-not-after = counted_on { $counted } is not after the record's date { $on }
counted-backwards = it would count on { $counted }, before the day the case's previous record counts ({ $previous })
line-bad-timestamp = the field “{ $field }” holds “{ $value }”, which is not a time such as 2026-01-05T08:30:00Z
import-counted-on-not-allowed = case { $case }: counted_on is thads' to set, from the closes it holds; a file states it only from the national administrator or the server's console
line-bad-judgment-kind = “{ $kind }” is not a kind of judgment (civil, criminal, administrative, marriage_family, business, labour, bankruptcy, arbitration, other)
line-bad-budget-item = “{ $item }” is not a kind of state-budget collection (fine, court_fee, confiscation, illicit_gain, other)
line-creditors-sum = the creditors' shares sum to { $sum }, not the case's amount of { $amount }
line-creditors-empty = “creditors” lists no creditor: leave it out for a single creditor
line-bad-rank = “{ $rank }” is not a creditor's rank (alimony_wages_injury, court_fees, other)
line-creditor-twice = two creditors are named “{ $creditor }”: payouts name their creditor, so tell them apart (for example by the year of birth after the name)
line-account-without-bank = creditor “{ $creditor }” has an account without its bank, or a bank without the account: give both
check-budget-item-outside-state-budget = case { $case }: budget_item says the kind of a state-budget collection, but the case is not in the category state_budget

asset-duplicate = asset { $asset } is declared twice
asset-unknown = asset { $asset } was never found (its “asset” line must come first)
asset-unknown-agency = agency { $agency } is not declared
asset-out-of-order = asset { $asset }: a step on { $on } comes before its last step, on { $last }
asset-ended = asset { $asset } is already { $state }: nothing may follow
asset-incomplete = asset { $asset }: “{ $action }” needs its amount (a valuation, an auction round, a sale) or its measure (a measure applied or lifted), and takes no other
asset-underwater = asset { $asset } is mortgaged for { $secured }, and its value of { $value } does not exceed it: it may not be seized (Law 2014 Art. 90(1))
asset-not-valued = asset { $asset } is put to auction or sold before it was valued
asset-reduction = asset { $asset }: a starting price of { $price } is reduced by more than { $percent }% from the round before (at least { $lowest }): { $law }
asset-too-early = asset { $asset }: the creditor may take it only after { $required } price reductions, and there were { $reductions }: { $law }
asset-revaluation = asset { $asset }: valued again at { $price } after { $previous }: a party may ask for it once, before the first auction round, and otherwise only when the price changed by { $percent }% or more: { $law }
asset-needs-auction = asset { $asset }: worth { $value }, it is sold by auction: only perishables and movables worth at most { $limit } are sold without one: { $law }
asset-below-starting-price = asset { $asset }: a co-owner buys at the starting price of { $starting }, not at { $price }
asset-not-in-force = asset { $asset }: the measure { $measure } is lifted but not in force
asset-no-rule = no rule of rules/assets.toml is in force on { $on }
asset-state-found = found
asset-state-secured = under a security measure
asset-state-seized = seized
asset-state-valued = valued
asset-state-under_auction = under auction
asset-state-sold = sold
asset-state-handed_over = handed to the creditor
asset-state-released = released
line-bad-asset-kind = “{ $kind }” is not a kind of asset (land_use_right, house, vehicle, account, securities, movable)
line-bad-asset-action = “{ $action }” is not a step of an asset (measure_applied, measure_lifted, seized, valued, auction_round, sold, handed_over, released)
line-bad-measure = “{ $measure }” is not a security measure (freeze_account, block_transfer, exit_ban)
line-bad-asset-detail = “{ $detail }” is not a detail of an asset ({ $known })
asset-to-release = asset { $asset } is mortgaged for { $secured }: at a starting price of { $price } it no longer exceeds that debt, so the seizure is to be released (giải tỏa kê biên), not the price reduced further (Law 2014 Art. 90(1))
coercion-other-case = decision to coerce { $coercion }: asset { $asset } is another case's
coercion-no-percent = decision to coerce { $coercion }: a wage deduction needs its share (percent)
coercion-deduction = decision to coerce { $coercion }: deducting { $percent }% of the income is over the { $max }% allowed without the parties' agreement: { $law }
coercion-not-a-share = decision to coerce { $coercion }: a share is given only for a wage deduction, from 1 to 100%
coercion-planned-before = decision to coerce { $coercion }: the coercion is planned before the decision's day ({ $on })
line-bad-coercion-kind = “{ $kind }” is not a coercive measure (account_deduction, wage_deduction, seizure, exploitation, hand_over, compel_act)
line-bad-planned = “{ $at }” is not a time as YYYY-MM-DD HH:MM
coercion-no-rule = no rule of rules/coercion.toml is in force on { $on }
coercion-blackout = No coercion may be carried out at { $at }: { $reasons } ({ $law })
blackout-night = at night (from { $from }:00 to { $to }:00 the next morning)
blackout-day-off = a rest day or a holiday
blackout-tet = within { $days } days before and after Tết ({ $tet }), forces being mobilised
coercion-needs-police = a coercion that mobilises forces needs the police asked to protect it
coercion-not-police = { $partner } is not a declared police partner
coercion-police-text = Request to protect the coercion of decision { $coercion }, planned for { $at }.
warehouse-duplicate = code { $code } is already a warehouse's, an item's or a destruction council's
warehouse-unknown = warehouse { $code } is not declared
warehouse-item-unknown = item { $item } was not received
warehouse-council-unknown = destruction council { $council } was not set up
warehouse-item-nothing = item { $item }: { $field } must be more than 0
warehouse-item-out-of-order = item { $item }: dated before its last receipt or issue ({ $last })
warehouse-item-not-in-store = item { $item } is not in the warehouse to issue: { $status }
warehouse-item-not-withdrawn = item { $item } is not withdrawn, so it cannot return to the store
warehouse-council-too-small = destruction council { $council } needs at least { $min } members
warehouse-item-elsewhere = item { $item } is not in warehouse { $warehouse }
warehouse-item-not-in-council = item { $item } is not on the list of destruction council { $council }
warehouse-council-days = destruction council { $council } destroys only from { $from } to { $to } (20 days from its setting up)
warehouse-destroy-no-minutes = item { $item }: a destruction needs its minutes
warehouse-counted-twice = item { $item } is counted twice in one stocktake
warehouse-no-rule = no rule of rules/warehouse.toml is in force on { $on }
item-status-in_store = in the warehouse
item-status-withdrawn = withdrawn for proceedings
item-status-return = returned to its owner
item-status-confiscate = issued for confiscation
item-status-sell = issued for sale
item-status-destroy = destroyed
line-bad-hundredths = { $field }: “{ $raw }” is not a number of at least 0 with at most two decimals
line-bad-room = “{ $room }” is not a special room (safe, weapons, hazardous, cold)
line-bad-item-kind = “{ $kind }” is not a kind of item (cash, gold_valuables, weapon, vehicle, document, hazardous, perishable, other)
line-bad-purpose = “{ $purpose }” is not a purpose of issue (return, confiscate, sell, destroy, withdraw)
