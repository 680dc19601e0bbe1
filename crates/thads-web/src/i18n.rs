//! The languages of the pages: thads speaks through `thads_core::text`,
//! whose Fluent files hold every word; this module checks that every key
//! the pages use is written.

pub use thads_core::text::Lang;

#[cfg(test)]
mod tests {
    /// Every key the pages, the command line's faults and the domain's
    /// messages use is written (both languages have the same keys:
    /// `thads_core::text`'s test).
    #[test]
    fn every_key_used_is_written() {
        let vi = thads_core::text::keys(&[
            include_str!("../../thads-core/locales/vi/main.ftl"),
            include_str!("../../thads-core/locales/vi/faults.ftl"),
        ]);
        let mut used = std::collections::BTreeSet::new();
        let sources = [
            include_str!("lib.rs"),
            include_str!("pages.rs"),
            include_str!("cases.rs"),
            include_str!("reports.rs"),
            include_str!("../templates/base.html"),
            include_str!("../templates/login.html"),
            include_str!("../templates/dashboard.html"),
            include_str!("../templates/cases.html"),
            include_str!("../templates/case.html"),
            include_str!("../templates/accept.html"),
            include_str!("../templates/reports.html"),
            include_str!("../templates/report_tables.html"),
            include_str!("../templates/tables.html"),
            include_str!("../templates/targets.html"),
            include_str!("../templates/import.html"),
            include_str!("../templates/error.html"),
            include_str!("../templates/debtors.html"),
            include_str!("../templates/calendar.html"),
            include_str!("calendar.rs"),
            include_str!("imports.rs"),
            include_str!("work.rs"),
            include_str!("../templates/todo.html"),
            include_str!("../templates/work.html"),
            include_str!("coordination.rs"),
            include_str!("../templates/requests.html"),
            include_str!("../templates/request.html"),
            include_str!("../templates/request_new.html"),
            include_str!("../templates/coordination.html"),
            include_str!("exemptions.rs"),
            include_str!("../templates/exemptions.html"),
            include_str!("../templates/form6.html"),
            include_str!("../templates/form7.html"),
            include_str!("committee.rs"),
            include_str!("../templates/dossier.html"),
            include_str!("../templates/committee.html"),
            include_str!("../templates/meeting.html"),
            include_str!("../templates/tasks.html"),
            include_str!("steering.rs"),
            include_str!("../templates/committee_nav.html"),
            include_str!("../templates/directives.html"),
            include_str!("../templates/campaigns.html"),
            include_str!("../templates/campaign.html"),
            include_str!("../templates/complex.html"),
            include_str!("closes.rs"),
            include_str!("../templates/closes.html"),
            include_str!("lists.rs"),
            include_str!("../templates/lists.html"),
            include_str!("../../thads-cli/src/commands.rs"),
            include_str!("../../thads-service/src/render.rs"),
            include_str!("../../thads-service/src/debtors.rs"),
            include_str!("assets.rs"),
            include_str!("../templates/assets.html"),
            include_str!("../templates/asset_table.html"),
            include_str!("payouts.rs"),
            include_str!("../templates/payouts.html"),
            include_str!("../templates/held.html"),
            include_str!("warehouses.rs"),
            include_str!("../templates/warehouses.html"),
            include_str!("../templates/warehouse.html"),
            include_str!("error.rs"),
        ];
        for source in sources {
            for quote in [".t(\"", ".tr(\""] {
                for piece in source.split(quote).skip(1) {
                    used.insert(piece.split('"').next().unwrap().to_owned());
                }
            }
            // `denied(chrome, "key")`.
            for piece in source.split("denied(").skip(1) {
                if let Some(key) = piece.split('"').nth(1).filter(|_| piece.contains(", \"")) {
                    used.insert(key.to_owned());
                }
            }
        }
        // The reasons of faults and refusals: every literal that names a
        // message of `faults.ftl`'s families.
        let reasons = [
            include_str!("../../thads-core/src/agency.rs"),
            include_str!("../../thads-core/src/case.rs"),
            include_str!("../../thads-core/src/date.rs"),
            include_str!("../../thads-core/src/money.rs"),
            include_str!("../../thads-core/src/event.rs"),
            include_str!("../../thads-core/src/check.rs"),
            include_str!("../../thads-core/src/fault.rs"),
            include_str!("../../thads-core/src/journal.rs"),
            include_str!("../../thads-core/src/calendar.rs"),
            include_str!("../../thads-core/src/executor.rs"),
            include_str!("../../thads-core/src/coordination.rs"),
            include_str!("../../thads-service/src/coordination.rs"),
            include_str!("../../thads-core/src/exemption.rs"),
            include_str!("../../thads-core/src/committee.rs"),
            include_str!("../../thads-core/src/close.rs"),
            include_str!("../../thads-service/src/close.rs"),
            include_str!("../../thads-service/src/committee.rs"),
            include_str!("../../thads-service/src/complex.rs"),
            include_str!("../../thads-service/src/campaign.rs"),
            include_str!("../../thads-service/src/import.rs"),
            include_str!("../../thads-service/src/register/reader.rs"),
            include_str!("../../thads-service/src/register/sheet.rs"),
            include_str!("../../thads-service/src/register/xlsx.rs"),
            include_str!("../../thads-core/src/asset.rs"),
            include_str!("../../thads-service/src/coercions.rs"),
            include_str!("../../thads-core/src/warehouse.rs"),
            include_str!("warehouses.rs"),
        ];
        let families = [
            "fault-",
            "line-",
            "party-",
            "bad-",
            "amount-",
            "agency-",
            "check-",
            "field-",
            "rule-",
            "pause-",
            "register-",
            "workbook-",
            "import-",
            "executor-",
            "ground-",
            "returned-",
            "partner-",
            "request-",
            "coordination-",
            "attachment-",
            "exemption-",
            "committee-",
            "meeting-",
            "asset-",
            "coercion-",
            "blackout-",
            "warehouse-",
            "dossier-warehouse-",
        ];
        // Literals of those shapes that are not messages: the audit trail's
        // names of a file's kind.
        let not_keys = ["register-csv", "register-xlsx"];
        let mut reasons_used = 0;
        for source in reasons {
            for literal in source.split('"').skip(1).step_by(2) {
                let is_key = families.iter().any(|f| literal.starts_with(f))
                    && literal
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !not_keys.contains(&literal);
                if is_key {
                    used.insert(literal.to_owned());
                    reasons_used += 1;
                }
            }
        }
        assert!(reasons_used > 80, "faults name their reasons by key");
        // The domain's labels.
        use thads_core::text::Text;
        let key = |text: Text| text.key().to_owned();
        used.extend(thads_core::Status::ALL.map(|s| key(s.into())));
        used.extend(thads_core::event::Kind::ALL.map(|k| key(k.into())));
        used.extend(thads_core::Category::ALL.map(|c| key(c.into())));
        used.extend(thads_core::Category::ALL.map(|c| key(c.official())));
        used.extend(thads_core::account::Role::ALL.map(|r| key(r.into())));
        used.extend(thads_core::Mode::ALL.map(|m| key(m.into())));
        used.extend(thads_core::report::Line::ALL.map(|l| key(l.into())));
        used.extend(thads_core::due::Duty::ALL.map(|d| key(d.into())));
        used.extend(thads_core::event::UnableGround::ALL.map(|g| format!("ground-{}", g.as_str())));
        used.extend(["todo-overdue", "todo-today", "todo-week", "todo-later"].map(str::to_owned));
        // What a request asks, where it stands, what may be done to it.
        let catalogue = thads_core::coordination::Catalogue::shipped();
        used.extend(
            catalogue
                .kinds()
                .iter()
                .map(|k| format!("request-kind-{k}")),
        );
        used.extend(
            ["sent", "received", "answered", "withdrawn"].map(|s| format!("request-stage-{s}")),
        );
        used.extend(
            ["received", "remind", "escalate", "withdraw"].map(|a| format!("request-act-{a}")),
        );
        // The dossier's states of a case and its lists.
        used.extend(
            ["in_progress", "postponed", "suspended", "not_enforceable"]
                .map(|s| format!("dossier-state-{s}")),
        );
        used.extend(["dossier-large", "dossier-long"].map(str::to_owned));
        used.extend(
            thads_core::committee::MeetingKind::ALL.map(|k| format!("meeting-kind-{}", k.as_str())),
        );
        used.extend(["done", "overdue", "open"].map(|s| format!("task-state-{s}")));
        // A co-signed report's states; the creditors' ranks.
        used.extend(["awaiting", "signed", "disputed"].map(|s| format!("cosign-{s}")));
        used.extend(thads_core::distribution::Rank::ALL.map(|r| format!("rank-{}", r.as_str())));
        used.extend(["costs", "secured", "debtor"].map(|p| format!("payee-{p}")));
        used.extend(
            thads_core::asset::AssetKind::ALL.map(|k| format!("asset-kind-{}", k.as_str())),
        );
        used.extend(thads_core::asset::Measure::ALL.map(|m| format!("measure-{}", m.as_str())));
        used.extend(thads_core::asset::Action::ALL.map(|a| format!("asset-action-{}", a.as_str())));
        used.extend(
            thads_core::asset::AssetDeadlines::shipped()
                .rules()
                .iter()
                .map(|r| format!("asset-due-{}", r.step)),
        );
        used.extend(
            thads_core::unclaimed::Stage::ALL.map(|s| format!("held-stage-{}", s.as_str())),
        );
        used.extend(
            [
                thads_core::unclaimed::Deposit::Savings,
                thads_core::unclaimed::Deposit::Treasury,
            ]
            .map(|d| format!("held-deposit-{}", d.as_str())),
        );
        used.extend(["held-first", "held-deposit-after"].map(str::to_owned));
        used.extend(
            thads_core::coercion::CoercionKind::ALL
                .map(|k| format!("coercion-kind-{}", k.as_str())),
        );
        used.extend(
            thads_core::committee::MemberRole::ALL.map(|r| format!("member-role-{}", r.as_str())),
        );
        used.extend(
            thads_core::committee::DecisionKind::ALL
                .map(|k| format!("decision-kind-{}", k.as_str())),
        );
        // The evidence warehouse's kinds, purposes, statuses, findings and
        // the stocktakes owed.
        use thads_core::warehouse::{ItemKind, Purpose};
        used.extend(ItemKind::ALL.map(|k| format!("item-kind-{}", k.as_str())));
        used.extend(Purpose::ALL.map(|p| format!("purpose-{}", p.as_str())));
        used.extend(
            Purpose::ALL
                .iter()
                .filter(|p| **p != Purpose::Withdraw)
                .map(|p| format!("item-status-{}", p.as_str())),
        );
        used.extend(["in_store", "withdrawn"].map(|s| format!("item-status-{s}")));
        used.extend(["missing", "differs", "not_in_stock"].map(|f| format!("finding-{f}")));
        used.extend(["quarter", "half_year", "year"].map(|p| format!("warehouse-count-{p}")));
        used.extend(["warehouse-first", "warehouse-council-open"].map(str::to_owned));
        let missing: Vec<&String> = used.iter().filter(|k| !vi.contains(*k)).collect();
        assert!(missing.is_empty(), "keys used but not written: {missing:?}");
        assert!(used.len() > 50, "the pages use their texts through keys");
    }
}
