# English.

nav-label = Main sections
nav-dashboard = Overview
nav-cases = Cases
nav-accept = Accept a case
nav-reports = Statistics
nav-targets = Targets
nav-import = Import
lang-switch = Tiếng Việt
logout = Sign out
back-home = Back to the overview

role-admin = Administrator
role-leader = Leader
role-executor = Executor
role-statistician = Statistician
role-steering = Steering Committee
role-partner = Partner agency
role-console = Server console

login-title = Sign in
login-heading = Civil judgment enforcement — sign in
login-name = User name
login-password = Password
login-submit = Sign in
login-refused = Wrong user name or password, or the account is disabled.
login-throttled-account = Too many failed sign-ins for this account. Try again in { $minutes } minutes.
login-throttled-address = Too many failed sign-ins from this computer. Try again in { $minutes } minutes.

error-internal = System error: nothing was done. Try again or tell the administrator.
error-not-found = Not found
error-not-found-text = This page or record does not exist, or is outside your account's reach.
error-denied = Not allowed
error-bad-request = Invalid request
cases-denied = This account's role does not see case lists.
record-denied = Only the office's executors may record on its cases.
reports-denied = This account's role does not see statistics.
import-denied = Only executors may import case data.
target-denied = Only leaders may set the targets of their agencies.
agency-not-found = Agency { $agency } is not within your account's reach.
case-not-found = Case { $code } is not within your account's reach.

unit-billion = billion đồng
all = All
total = Total
agency = Agency
category = Category
status = Status
amount = Amount to enforce
owed = Still owed
collected = Collected
reduced = Reduced or waived
debtor = Debtor
creditor = Creditor
party-name = Name of person or organisation
identity = Citizen ID / tax code
address = Address
decision = Decision to enforce
judgment = Judgment or decision enforced
mode = How accepted
mode-on_request = On request
mode-ex_officio = Ex officio
case = Case
case-code = Case code
accepted-on = Accepted on
target = Target
target-none = No target set
gap = Gap
save = Save
pages = Pages
page-previous = Previous
page-next = Next
page-of = Page { $page } of { $pages }

category-state_budget = State budget
category-credit_institution = Credit institutions
category-corruption_economic = Corruption and economic crime
category-official-state_budget = Collected for the state budget
category-official-credit_institution = Related to credit institutions
category-official-corruption_economic = Civil parts of criminal judgments on corruption and economic crime

status-enforcing = Being enforced
status-unable = Not enforceable
status-postponed = Postponed
status-suspended = Suspended
status-completed = Completed
status-terminated = Terminated
status-entrusted = Entrusted

kind-accepted = Accepted
kind-unable = Not enforceable
kind-able = Enforceable again
kind-collected = Money or assets collected
kind-reduced = Obligation reduced or waived
kind-postponed = Enforcement postponed
kind-suspended = Enforcement suspended
kind-resumed = Enforcement resumed
kind-completed = Completed
kind-terminated = Enforcement terminated
kind-entrusted = Entrusted to another agency

dashboard-title = The statistical year at a glance
dashboard-period = Statistical year { $year }: from { $from } to { $to }.
dashboard-cases-rate = Rate in cases
dashboard-money-rate = Rate in money
dashboard-completed-of = { $done } completed of { $of } enforceable
dashboard-accepted = Cases to handle
dashboard-new = of which newly accepted: { $count }
dashboard-chart = Cumulative completion rate by month
dashboard-by-office = By agency
dashboard-backlog = Still to enforce, by category
dashboard-backlog-cases = Cases carried out
dashboard-backlog-money = Money carried out
dashboard-largest = Open cases owing the most
chart-label = Cumulative completion rate by month, in cases and in money
chart-month = M{ $month }
chart-cases = In cases
chart-money = In money
chart-target = Target

cases-title = Cases
cases-search = Search case code, party names, decision and judgment numbers
cases-search-hint = e.g. nguyen van an
cases-find = Search
cases-clear = Clear filters
cases-count = { $count } cases found
cases-none = No case matches.
enforceable = Enforceability
enforceable-yes = Enforceable
enforceable-no = Not enforceable
amount-from = Amount from
amount-to = Amount to
accepted-from = Accepted from
accepted-to = Accepted until

case-parties = Parties and decision
case-money = Money
case-timeline = Timeline
case-record = Record what happened
case-changed = Someone else updated this case after you opened it. Check its latest events and record again.
event-on = Date
event-amount = Amount (đồng)
event-reason = Reason
event-to = Entrust to agency
event-record = Record
event-entrusted-to = to { $agency }

form-rule-out-of-order = This date is before the case's latest event ({ $previous }).
form-rule-more-than-owed = The amount is more than is still owed ({ $owed }).
form-rule-no-amount = The amount must be at least 1 đồng.
form-rule-still-owed = Not yet: { $owed } is still owed. Record the collection or reduction first.
form-rule-not-allowed-now = The case's current state does not allow this event.

field-bad-amount = Write the amount in whole đồng, e.g. 150.000.000 (at most 1.000.000.000.000.000, a million billion).
field-bad-date = Not a date: write day/month/year, e.g. 05/01/2026.
field-bad-agency = Not a valid agency.
field-unknown-agency = This agency is not within your account's reach.
field-bad-code = A case code is 1–64 characters without spaces, e.g. HN-KV1/2026/00123.
field-bad-identity = A citizen ID has 12 digits; a tax code 10 digits (or 10 digits, a dash and 3 digits).
field-choose-mode = Choose how the case was accepted.
field-required = Required.
field-duplicate-code = A case with this code was already accepted: use another code.
form-has-errors = Not saved: correct the marked fields below.

accept-title = Accept a case
accept-decision = Decision to enforce
accept-submit = Accept

reports-title = Statistics
report-title = Results of civil judgment enforcement
report-year = Statistical year
report-period-choice = Period
report-from = From
report-to = To
report-show = Show
report-custom-hint = Choose "Custom dates" to use the from and to fields.
report-period = From { $from } to { $to }
report-empty-period = The period must end after it starts.
period-to-date = Year to date
period-month = Month { $month } (cumulative from 1/10)
period-months = { $months } months
period-custom = Custom dates
scope-national = Whole country
scope-own = My agency
form-cases = Form 1: results in cases
form-money = Form 2: results in money (đồng)
download-xlsx = Download Excel (official forms)
download-csv = Download CSV
download-json = Download JSON
print-layout = Print layout

line-total = Total accepted
line-carried_in = Carried in
line-new = Newly accepted
line-entrusted_out = Entrusted
line-to_enforce = To enforce
line-enforceable = Enforceable
line-completed = Completed
line-terminated = Terminated
line-reduced = Reduced
line-in_progress = In progress
line-postponed = Postponed
line-suspended = Suspended
line-not_enforceable = Not enforceable
line-carried_out = Carried out
line-rate = Completion rate (%)

targets-title = Yearly targets
targets-hint = A target is the completion rate to reach by 30 September, in cases and in money, e.g. 84 or 84.41.
targets-saved = Targets saved.
target-bad-rate = A target is a percentage, e.g. 84 or 84.41.
target-above-hundred = A target cannot exceed 100%.

import-title = Import
import-hint = Upload a journal (JSON Lines) or a case register (Excel .xlsx or .csv, after the template). The file is checked first: you see what it holds, its first cases and every error, then confirm. It is imported only if it has no error; otherwise nothing is stored.
import-file = Data file (.jsonl, .xlsx, .csv)
import-check = Check the file
import-template = Register template:
import-template-xlsx = download the Excel template (with a guide)
import-template-csv = download the CSV template
import-preview-title = Check before importing
import-preview = { $file } holds { $cases } cases, { $events } events, { $agencies } new agencies.
import-first-cases = The file's first cases
import-line = Line
import-confirm = Confirm the import
import-cancel = Cancel
import-expired = The checked file is no longer kept (after 30 minutes, or once imported). Upload it again.
import-no-file = Choose a file to import.
import-too-large = The file is larger than 512 MB, the most one upload may be: split it (one file per agency, for instance), or import it with “thads import” on the server.
import-busy = The server holds too many files waiting to be confirmed. Try again in a few minutes.
import-unreadable = The file { $file } cannot be imported: { $message }. Nothing was imported.
import-done = Imported { $file }: { $cases } new cases, { $events } events, { $agencies } agencies.
import-faults = { $file } has { $count } errors; nothing was imported.
import-more-faults = … and { $count } more errors.

nav-debtors = Public list
debtors-title = Debtors without means to pay
debtors-hint = The list to post and publish: only what the law asks for, no identity numbers.
debtors-as-of = As of
debtors-number = No.
debtors-reason = Why not enforceable
debtors-count = { $count } debtors without means — { $scope }, as of { $day }
debtors-more = This page shows the first 200 rows; the Excel and CSV files hold the whole list.
download-xlsx-list = Download Excel

## The command line.

cli-imported = imported { $file }: { $agencies } agencies, { $cases } cases, { $events } events
cli-more-faults = … and { $count } more errors
cli-nothing-imported = nothing was imported: { $file } has { $count } error(s)

## The working-day calendar.

day-off-new-year = New Year's Day
day-off-tet = Tết (lunar new year)
day-off-hung-kings = Hùng Kings' Commemoration Day
day-off-reunification = Reunification Day
day-off-labour = International Labour Day
day-off-national-day = National Day
day-off-national-day-beside = National Day (the day beside it)
day-off-substitute = Substitute day for { $for }
day-off-decided = { $reason }
calendar-worked = worked

## The calendar page.

nav-calendar = Calendar
calendar-title = Working-day calendar
calendar-year = Year
calendar-hint = Days off by the Labour Code (Art. 112), Tết and Hùng Kings' day on the lunar calendar, substitute days for holidays on a weekend, and the Prime Minister's decisions. Deadlines are counted on this calendar.
calendar-days-off = Days off (besides Saturdays and Sundays)
calendar-worked-weekends = Saturdays and Sundays worked
calendar-none = None.
calendar-date = Date
calendar-reason = Reason
calendar-set-title = Record a decision
calendar-kind = The day is
calendar-kind-off = a day off
calendar-kind-working = a working day
calendar-saved = The decision was recorded.
calendar-no-reason = Write the decision's reason (the document that sets it).
calendar-denied = Only the national administrator records the calendar's days.
