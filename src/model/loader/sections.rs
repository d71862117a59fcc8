//! The section files of an issue, each read into its model type: greeting,
//! notice, figure, game, the spotlights folder, and issue.toml's date.
//!
//! Each reader takes the file as read and returns `None` only when the
//! section cannot be used at all; anything wrong inside is reported to the
//! loader's sink and the rest of the section is still read, so one run
//! reports every problem.

use std::sync::Arc;

use toml::Spanned;
use toml::value::Datetime;

use super::front::{GameFront, GreetingFront, NoticeFront, SpotlightFront, StepFront};
use super::{Loader, SECTION_FILES, SPOTLIGHTS_DIR, front};
use crate::diag::{Diagnostic, SourceFile};
use crate::fs;
use crate::model::id::IssueId;
use crate::model::issue::{Figure, Flow, Game, Greeting, IssueDate, Notice, Photo, Spotlight, Step};

impl Loader<'_> {
    /// issue.toml's `date`: a day without a time, in the month the folder is
    /// named after (a different month is only a warning: the folder may have
    /// been copied from the last issue and the date already changed).
    pub(super) fn issue_date(
        &mut self,
        file: &Arc<SourceFile>,
        date: &Spanned<Datetime>,
        id: IssueId,
    ) -> Option<IssueDate> {
        let written = date.span();
        let Some(day) = date.get_ref().date.filter(|_| date.get_ref().time.is_none()) else {
            self.sink.push(
                Diagnostic::error("issue.toml の date には時刻のない日付を書いてください")
                    .at(file, written)
                    .hint("date = 2022-06-01 のように書いてください"),
            );
            return None;
        };
        let date = IssueDate { year: i32::from(day.year), month: u32::from(day.month), day: u32::from(day.day) };
        if (date.year, date.month) != (id.year, id.month) {
            self.sink.push(
                Diagnostic::warning(format!(
                    "issue.toml の日付（{}年{}月）がフォルダー名 {id} と合っていません",
                    date.year, date.month
                ))
                .at(file, written)
                .hint("日付かフォルダー名のどちらかを直してください"),
            );
        }
        Some(date)
    }

    pub(super) fn greeting(&mut self, file: &Arc<SourceFile>) -> Option<Greeting> {
        let parsed = self.front::<GreetingFront>(file)?;
        if parsed.body.trim().is_empty() {
            self.sink.push(
                Diagnostic::error(format!("{} に本文がありません", file.display))
                    .at_path(file.display.clone())
                    .hint("巻頭あいさつの文章を書いてください"),
            );
        }
        let body = self.body(file, parsed.body, parsed.body_offset);
        Some(Greeting { source: file.clone(), title: parsed.front.title, body })
    }

    pub(super) fn notice(&mut self, file: &Arc<SourceFile>) -> Option<Notice> {
        let parsed = self.front::<NoticeFront>(file)?;
        let body = self.body(file, parsed.body, parsed.body_offset);
        let figures = self.image_figures(file, parsed.front.figures);
        Some(Notice { source: file.clone(), to: parsed.front.to, title: parsed.front.title, body, figures })
    }

    pub(super) fn figure(&mut self, file: &Arc<SourceFile>) -> Option<Figure> {
        let parsed = self.front::<front::FigureFront>(file)?;
        // The body under the figure is optional: a caption when written.
        let caption = (!parsed.body.trim().is_empty()).then(|| self.body(file, parsed.body, parsed.body_offset));
        let labels = parsed.front;
        Some(Figure {
            title: labels.title,
            vision: labels.vision,
            soil: labels.soil,
            soil_points: labels.soil_points,
            cultivate: labels.cultivate,
            fertilizer: labels.fertilizer,
            fruits: labels.fruits,
            fruits_label: labels.fruits_label,
            left: labels.left,
            right: labels.right,
            caption,
            source: Some(file.clone()),
        })
    }

    /// Every article in `spotlights/`, in file-name order (`01-…`, `02-…`).
    pub(super) fn spotlights(&mut self) -> Vec<Spotlight> {
        let dir = self.dir.join(SPOTLIGHTS_DIR);
        // Looked at even when it is not there: creating it is a change.
        self.note(&dir);
        if !dir.is_dir() {
            return vec![];
        }
        let Some(paths) = self.sink.take(fs::read_dir_sorted(&dir)) else { return vec![] };
        let mut spotlights = Vec::new();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("md") {
                self.sink.push(
                    Diagnostic::warning(format!("{} は .md ではないため使われません", self.display(&path)))
                        .at_path(self.display(&path))
                        .hint("記事のファイル名は 01-なまえ.md のように .md で終わらせてください"),
                );
                continue;
            }
            if SECTION_FILES.contains(&name) {
                self.sink.push(
                    Diagnostic::error(format!(
                        "{} は spotlights/ の中ではなく、号のフォルダー（{}）に置いてください",
                        self.display(&path),
                        self.display(&self.dir)
                    ))
                    .at_path(self.display(&path))
                    .hint(format!("spotlights/ には活動紹介の記事（01-なまえ.md）だけを入れます。{name} は 1 つ上のフォルダーに移してください")),
                );
                continue;
            }
            let Some(file) = self.read_path(&path).and_then(|file| self.not_empty(file)) else { continue };
            if let Some(spotlight) = self.spotlight(&file) {
                spotlights.push(spotlight);
            }
        }
        spotlights
    }

    fn spotlight(&mut self, file: &Arc<SourceFile>) -> Option<Spotlight> {
        let parsed = self.front::<SpotlightFront>(file)?;
        let body = self.body(file, parsed.body, parsed.body_offset);
        let front = parsed.front;
        let photos: Vec<Photo> = front
            .photos
            .into_iter()
            .filter_map(|photo| {
                let image = self.described_image(file, &photo.file, &photo.caption, &photo.alt, "[[photos]]")?;
                Some(Photo { vpath: image.vpath, caption: photo.caption, alt: image.alt })
            })
            .collect();
        let photo_row = self.photo_row(file, front.photo_row, photos.len());
        let figures = self.image_figures(file, front.figures);
        let mut flows = Vec::new();
        if !front.flow.is_empty() {
            flows.push(Flow { title: None, steps: self.steps(file, front.flow) });
        }
        for flow in front.flows {
            let written = flow.span();
            let flow = flow.into_inner();
            if flow.steps.is_empty() {
                self.sink.push(
                    Diagnostic::error(format!("{} の流れ（[[flows]]）に段がありません", file.display))
                        .at(file, written)
                        .hint("[[flows]] の下に、段ごとに [[flows.steps]] と text = \"…\" を書いてください（docs/format.md の 8.）"),
                );
                continue;
            }
            flows.push(Flow { title: flow.title, steps: self.steps(file, flow.steps) });
        }
        Some(Spotlight {
            source: file.clone(),
            category: front.category,
            council: front.council,
            title: front.title,
            subtitle: front.subtitle,
            body,
            photos,
            photo_row,
            figures,
            flows,
            voices: front.voices,
        })
    }

    /// The steps of one flow, their inline Markdown converted where written.
    fn steps(&mut self, file: &Arc<SourceFile>, steps: Vec<StepFront>) -> Vec<Step> {
        steps
            .into_iter()
            .map(|step| Step { when: step.when, text: self.inline(file, &step.text), voice: step.voice })
            .collect()
    }

    pub(super) fn game(&mut self, file: &Arc<SourceFile>) -> Option<Game> {
        let parsed = self.front::<GameFront>(file)?;
        let body = self.body(file, parsed.body, parsed.body_offset);
        let front = parsed.front;
        let points = front.points.iter().map(|point| self.inline(file, point)).collect();
        Some(Game {
            source: file.clone(),
            title: front.title.unwrap_or_else(|| "助け合い体験ゲーム".into()),
            lead: front.lead,
            points,
            body,
            contact: front.contact,
            note: front.note,
        })
    }
}
