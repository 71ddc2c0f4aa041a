//! Attachments: a unit uploads a site photo as the raw body, the centre downloads the same bytes,
//! and every refusal (another unit, a stale version, a wrong type, too large, a bad name, bytes
//! that are not what they claim) writes nothing.
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

/// CRC-32 (IEEE), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend((data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend(kind);
    png.extend(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

/// A valid 1×1 PNG of one orange pixel: signature, IHDR, one IDAT (a stored zlib block), IEND.
pub(crate) fn orange_pixel_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let ihdr = [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]; // 1×1, 8-bit RGB
    chunk(&mut png, b"IHDR", &ihdr);
    let scanline = [0u8, 0xFF, 0x88, 0x00]; // filter "none", then R, G, B
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend((scanline.len() as u16).to_le_bytes());
    zlib.extend((!(scanline.len() as u16)).to_le_bytes());
    zlib.extend(scanline);
    zlib.extend(adler32(&scanline).to_be_bytes());
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

pub(crate) async fn upload(
    client: &Client,
    ticket: i64,
    version: u64,
    name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> Reply {
    let r = client
        .http
        .post(client.url(&format!("/api/v1/tickets/{ticket}/attachments")))
        .query(&[("version", version.to_string()), ("name", name.to_string())])
        .header(CONTENT_TYPE, content_type)
        .body(bytes)
        .send()
        .await
        .expect("sending an upload");
    Reply::read(r).await
}

fn attachments(ticket: &Value) -> &Vec<Value> {
    ticket["attachments"]
        .as_array()
        .expect("a list of attachments")
}

async fn timeline_labels(client: &Client, ticket: i64) -> Vec<String> {
    let timeline = client
        .get(&format!("/api/v1/tickets/{ticket}/timeline"))
        .await
        .expect(StatusCode::OK);
    timeline["events"]
        .as_array()
        .expect("a list of events")
        .iter()
        .map(|e| e["label"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_unit_uploads_a_site_photo_and_the_reviewer_downloads_the_same_bytes() {
    let app = TestApp::spawn().await;
    let zone = app.zone().await;
    let reviewer = app.reviewer().await;
    let other = app.other_unit().await;
    let t = signed_ticket(&app, &zone).await;
    let png = orange_pixel_png();

    let r = upload(
        &zone,
        id(&t),
        version(&t),
        "现场照片.png",
        "image/png",
        png.clone(),
    )
    .await;
    let after = r.expect(StatusCode::CREATED);
    assert_eq!(version(&after), version(&t) + 1);
    assert_eq!(state(&after), "processing", "attaching changes no state");
    let listed = &zone.ticket(id(&t)).await["attachments"];
    assert_eq!(listed, &after["attachments"]);
    let file = &attachments(&after)[0];
    assert_eq!(
        (&file["name"], &file["content_type"], &file["size"]),
        (
            &json!("现场照片.png"),
            &json!("image/png"),
            &json!(png.len())
        )
    );
    let file_id = file["id"].as_i64().expect("an attachment id");
    assert!(file_id > 0);
    assert_eq!(
        timeline_labels(&reviewer, id(&t))
            .await
            .last()
            .map(String::as_str),
        Some("上传附件")
    );

    let got = reviewer
        .http
        .get(reviewer.url(&format!("/api/v1/attachments/{file_id}")))
        .send()
        .await
        .expect("sending a download");
    assert_eq!(got.status(), StatusCode::OK);
    let header = |name| {
        got.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header(CONTENT_TYPE), "image/png");
    assert_eq!(
        header(CONTENT_DISPOSITION),
        "attachment; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"
    );
    assert_eq!(header(X_CONTENT_TYPE_OPTIONS), "nosniff");
    let bytes = got.bytes().await.expect("reading the file");
    assert_eq!(bytes.as_ref(), png.as_slice(), "the same bytes come back");

    // The unit that uploaded it may read it; a unit with no part in the ticket may not.
    let own = zone
        .get(&format!("/api/v1/attachments/{file_id}"))
        .await
        .status;
    assert_eq!(own, StatusCode::OK);
    other
        .get(&format!("/api/v1/attachments/{file_id}"))
        .await
        .problem(StatusCode::FORBIDDEN, "forbidden");
    reviewer
        .get(&format!("/api/v1/attachments/{}", file_id ^ 1))
        .await
        .problem(StatusCode::NOT_FOUND, "not-found");
    upload(
        &other,
        id(&t),
        version(&after),
        "x.png",
        "image/png",
        png.clone(),
    )
    .await
    .problem(StatusCode::FORBIDDEN, "forbidden");

    // Files may be far larger than the API's 1 MiB bodies.
    let mut large = png;
    large.resize(19 * 1024 * 1024, 0);
    let r = upload(
        &zone,
        id(&t),
        version(&after),
        "全景.png",
        "image/png",
        large,
    )
    .await;
    let after = r.expect(StatusCode::CREATED);
    assert_eq!(attachments(&after)[1]["size"], json!(19 * 1024 * 1024));
}

#[tokio::test]
async fn refused_uploads_store_nothing() {
    let app = TestApp::spawn().await;
    let zone = app.zone().await;
    let t = signed_ticket(&app, &zone).await;
    let png = orange_pixel_png();
    let t = upload(
        &zone,
        id(&t),
        version(&t),
        "第一张.png",
        "image/png",
        png.clone(),
    )
    .await
    .expect(StatusCode::CREATED);
    let events = timeline_labels(&zone, id(&t)).await.len();

    // Built on the version before the first photo.
    let stale = upload(
        &zone,
        id(&t),
        version(&t) - 1,
        "第二张.png",
        "image/png",
        png.clone(),
    )
    .await
    .problem(StatusCode::CONFLICT, "stale-version");
    assert_eq!(stale["current_version"], json!(version(&t)));

    upload(
        &zone,
        id(&t),
        version(&t),
        "page.html",
        "text/html",
        b"<html><script>alert(1)</script></html>".to_vec(),
    )
    .await
    .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");

    let mut huge = png.clone();
    huge.resize(21 * 1024 * 1024, 0);
    let r = upload(&zone, id(&t), version(&t), "大图.png", "image/png", huge).await;
    assert_eq!(
        r.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        &r.text[..r.text.len().min(300)]
    );
    let refused = r.problem(StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large");
    assert!(
        refused["message_zh"]
            .as_str()
            .unwrap_or("")
            .contains("附件最多 20 MiB"),
        "the limit is named: {refused}"
    );

    let bad_name = upload(
        &zone,
        id(&t),
        version(&t),
        "../x.png",
        "image/png",
        png.clone(),
    )
    .await
    .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(bad_name["field"], "name");
    let disguised = upload(&zone, id(&t), version(&t), "x.jpg", "image/jpeg", png)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");
    assert_eq!(disguised["field"], "content_type");
    // Files come only with their bytes: the actions route does not take an attachment.
    let bogus = json!({ "action": "attach", "attachment": {
        "id": 1, "name": "x.png", "content_type": "image/png", "size": 10 } });
    zone.try_act(id(&t), version(&t), bogus)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field");

    let now = zone.ticket(id(&t)).await;
    assert_eq!(version(&now), version(&t), "the ticket did not move");
    assert_eq!(attachments(&now), attachments(&t), "no file was added");
    assert_eq!(timeline_labels(&zone, id(&t)).await.len(), events);
}

/// A file the centre named after a confidential caller (a recording, a photo of their
/// letter) downloads for the unit under its name as the ticket page shows it.
#[tokio::test]
async fn a_file_named_after_a_confidential_caller_downloads_masked_for_the_unit() {
    let app = TestApp::spawn().await;
    let (operator, dispatcher, zone) = (
        app.operator().await,
        app.dispatcher().await,
        app.zone().await,
    );
    let t = operator.create_ticket(&confidential_call()).await;
    let t = dispatcher.act(&t, dispatch_to(zone.unit())).await;
    let named = "王先生_13812345678.png";
    let after = upload(
        &dispatcher,
        id(&t),
        version(&t),
        named,
        "image/png",
        orange_pixel_png(),
    )
    .await
    .expect(StatusCode::CREATED);
    let file_id = attachments(&after)[0]["id"]
        .as_i64()
        .expect("an attachment id");
    assert_eq!(
        downloaded_name(&dispatcher, file_id).await,
        named,
        "the centre gets it as named"
    );
    let for_unit = downloaded_name(&zone, file_id).await;
    assert!(
        !for_unit.contains("13812345678") && !for_unit.contains("王先生"),
        "{for_unit}"
    );
    assert_eq!(
        for_unit,
        zone.ticket(id(&t)).await["attachments"][0]["name"]
    );
}

/// The name a download of the file gives.
async fn downloaded_name(c: &Client, file_id: i64) -> String {
    let got = (c.http.get(c.url(&format!("/api/v1/attachments/{file_id}"))))
        .send()
        .await
        .expect("sending a download");
    assert_eq!(got.status(), StatusCode::OK);
    let header = got.headers().get(CONTENT_DISPOSITION).cloned();
    let encoded = (header.and_then(|v| v.to_str().ok().map(str::to_string))).unwrap_or_default();
    percent_decoded(encoded.rsplit("''").next().unwrap_or_default())
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            s.get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok()),
        ) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
