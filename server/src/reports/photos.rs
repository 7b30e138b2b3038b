//! A report's photos: the type read from the bytes (JPEG, PNG or WebP, never
//! the name), the picture turned upright, made at most 1600 pixels on its
//! longer side and encoded again as a JPEG from its pixels alone, so that no
//! metadata block of the original (EXIF with the GPS position, XMP, IPTC,
//! comments) is ever stored or served. Then their records.

use anyhow::Context;
use app::ids::ReportPhotoId;
use app::reports::model::ReportNumber;
use image::{DynamicImage, ImageDecoder, ImageFormat};
use sqlx::{AnyPool, Row};

pub const MAXIMUM_PHOTOS: usize = 3;
pub const MAXIMUM_PHOTO_BYTES: usize = 10 * 1024 * 1024;
const LONGEST_SIDE: u32 = 1600;
const JPEG_QUALITY: u8 = 82;

/// Why a file is not taken as a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoProblem {
    /// Its bytes are not a JPEG, PNG or WebP image (whatever its name says).
    NotAPhoto,
    TooLarge,
    /// An image of a known type that does not decode (damaged, or too big to open).
    Unreadable,
}

/// A photo as it is stored: a fresh JPEG, and its size.
#[derive(Clone, Debug)]
pub struct CleanPhoto {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Reads, turns, shrinks and re-encodes a photo (CPU work: call it off the
/// async threads).
pub fn clean_photo(bytes: &[u8]) -> Result<CleanPhoto, PhotoProblem> {
    if bytes.len() > MAXIMUM_PHOTO_BYTES {
        return Err(PhotoProblem::TooLarge);
    }
    let format = match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => format,
        _ => return Err(PhotoProblem::NotAPhoto),
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(10_000);
    limits.max_image_height = Some(10_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| PhotoProblem::Unreadable)?;
    // A phone stores a portrait photo sideways with an orientation tag: the
    // tag goes with the metadata, so the pixels are turned first.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| PhotoProblem::Unreadable)?;
    picture.apply_orientation(orientation);
    if picture.width() > LONGEST_SIDE || picture.height() > LONGEST_SIDE {
        picture = picture.resize(LONGEST_SIDE, LONGEST_SIDE, image::imageops::FilterType::Triangle);
    }
    let pixels = picture.to_rgb8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY).encode_image(&pixels).map_err(|_| PhotoProblem::Unreadable)?;
    Ok(CleanPhoto { jpeg, width: pixels.width(), height: pixels.height() })
}

/// Keeps a photo for its uploader, not yet part of a report.
#[tracing::instrument(skip_all)]
pub async fn keep_pending_photo(pool: &AnyPool, account_id: &str, photo: &CleanPhoto, now: i64) -> anyhow::Result<ReportPhotoId> {
    let id = ReportPhotoId::parse(&uuid::Uuid::now_v7().to_string()).context("a fresh id")?;
    sqlx::query(
        "INSERT INTO report_photos (id, report_number, account_id, position, width, height, jpeg, created_at) VALUES ($1, NULL, $2, 0, $3, $4, $5, $6)",
    )
    .bind(id.as_str())
    .bind(account_id)
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(photo.jpeg.clone())
    .bind(now)
    .execute(pool)
    .await
    .context("cannot keep a photo")?;
    Ok(id)
}

/// Of these ids, the photos the account uploaded and has not sent yet, in the order given.
#[tracing::instrument(skip_all)]
pub async fn pending_photos_of(pool: &AnyPool, account_id: &str, ids: &[ReportPhotoId]) -> anyhow::Result<Vec<ReportPhotoId>> {
    let mut found = Vec::new();
    for id in ids {
        let row = sqlx::query("SELECT 1 FROM report_photos WHERE id = $1 AND account_id = $2 AND report_number IS NULL")
            .bind(id.as_str())
            .bind(account_id)
            .fetch_optional(pool)
            .await
            .context("cannot read a pending photo")?;
        if row.is_some() && !found.contains(id) {
            found.push(id.clone());
        }
    }
    Ok(found)
}

/// The account's pending photos become the report's, in order.
#[tracing::instrument(skip_all)]
pub async fn attach_photos(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    number: &ReportNumber,
    account_id: &str,
    ids: &[ReportPhotoId],
) -> anyhow::Result<()> {
    for (position, id) in ids.iter().enumerate() {
        sqlx::query("UPDATE report_photos SET report_number = $1, position = $2 WHERE id = $3 AND account_id = $4 AND report_number IS NULL")
            .bind(number.to_string())
            .bind(i64::try_from(position).unwrap_or_default() + 1)
            .bind(id.as_str())
            .bind(account_id)
            .execute(&mut **transaction)
            .await
            .context("cannot attach a photo")?;
    }
    Ok(())
}

/// A report's photo, as listed on its pages.
#[derive(Clone, Debug)]
pub struct PhotoRecord {
    pub id: String,
    pub width: i64,
    pub height: i64,
    pub published: bool,
}

#[tracing::instrument(skip_all)]
pub async fn photos_of_report(pool: &AnyPool, number: &ReportNumber) -> anyhow::Result<Vec<PhotoRecord>> {
    let rows = sqlx::query("SELECT id, width, height, published FROM report_photos WHERE report_number = $1 ORDER BY position")
        .bind(number.to_string())
        .fetch_all(pool)
        .await
        .context("cannot list a report's photos")?;
    rows.iter()
        .map(|row| {
            Ok(PhotoRecord {
                id: row.try_get("id")?,
                width: row.try_get("width")?,
                height: row.try_get("height")?,
                published: row.try_get::<i64, _>("published")? != 0,
            })
        })
        .collect()
}

/// A photo's bytes and whether it is published.
#[tracing::instrument(skip_all)]
pub async fn photo_bytes(pool: &AnyPool, number: &ReportNumber, id: &ReportPhotoId) -> anyhow::Result<Option<(Vec<u8>, bool)>> {
    let row = sqlx::query("SELECT jpeg, published FROM report_photos WHERE id = $1 AND report_number = $2")
        .bind(id.as_str())
        .bind(number.to_string())
        .fetch_optional(pool)
        .await
        .context("cannot read a photo")?;
    row.map(|row| Ok((row.try_get("jpeg")?, row.try_get::<i64, _>("published")? != 0))).transpose()
}

/// A clerk publishes a photo (or takes it back); false if it is not the report's.
#[tracing::instrument(skip_all)]
pub async fn set_photo_published(pool: &AnyPool, number: &ReportNumber, id: &ReportPhotoId, published: bool) -> anyhow::Result<bool> {
    let changed = sqlx::query("UPDATE report_photos SET published = $1 WHERE id = $2 AND report_number = $3")
        .bind(i64::from(published))
        .bind(id.as_str())
        .bind(number.to_string())
        .execute(pool)
        .await
        .context("cannot publish a photo")?;
    Ok(changed.rows_affected() == 1)
}
