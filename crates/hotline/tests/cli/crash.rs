//! Crash safety through the real process: a ticket the server acknowledged (201) is on disk, so
//! it survives a SIGKILL of the server, with the same number.
use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::support::{a_call, Api, Sandbox};

const OPERATOR: (&str, &str) = ("crash-operator", "operator-pw");

fn operator_sandbox() -> Sandbox {
    let sandbox = Sandbox::sqlite();
    sandbox
        .add_user(OPERATOR.0, OPERATOR.1, "operator", None)
        .succeeded();
    sandbox
}

/// The ticket's id and number from a 201 reply.
fn id_and_number(created: &Value) -> (i64, String) {
    let id = created["id"].as_i64().expect("a ticket id");
    let number = created["number"]
        .as_str()
        .expect("a ticket number")
        .to_string();
    (id, number)
}

#[tokio::test]
async fn an_acknowledged_ticket_survives_a_sigkill_of_the_server() {
    let sandbox = operator_sandbox();
    let mut server = sandbox.serve(&[]);
    let operator = server.login(OPERATOR.0, OPERATOR.1).await;
    let (status, created) = operator
        .post("/api/v1/tickets", &a_call("13900000001"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (id, number) = id_and_number(&created);
    server.kill();

    let server = sandbox.serve(&[]);
    let operator = server.login(OPERATOR.0, OPERATOR.1).await;
    let found = operator.get_ok(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(found["number"], number.as_str(), "{found}");
    assert_eq!(found["caller"]["phone"], "13900000001", "{found}");
    let by_number = operator
        .get_ok(&format!("/api/v1/tickets/by-number/{number}"))
        .await;
    assert_eq!(by_number["id"], id);
}

/// One client posting calls one after another until the server stops answering; every 201 goes
/// to `acks`. A reply other than 201 while the server lives is a failure of its own.
async fn keep_calling(
    operator: Api,
    client: usize,
    acks: mpsc::UnboundedSender<(i64, String)>,
) -> Result<(), String> {
    for i in 0..200 {
        let phone = format!("139{client:02}{i:06}");
        match operator.try_post("/api/v1/tickets", &a_call(&phone)).await {
            Ok((StatusCode::CREATED, created)) => {
                let _ = acks.send(id_and_number(&created));
            }
            Ok((status, body)) => return Err(format!("client {client} got {status}: {body}")),
            // The server was killed: this call was never acknowledged.
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ticket_acknowledged_by_a_busy_server_survives_a_sigkill() {
    const CLIENTS: usize = 6;
    const ACKS_BEFORE_KILL: usize = 30;
    let sandbox = operator_sandbox();
    let mut server = sandbox.serve(&[]);
    let operator = server.login(OPERATOR.0, OPERATOR.1).await;

    let (tx, mut rx) = mpsc::unbounded_channel();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| tokio::spawn(keep_calling(operator.clone(), c, tx.clone())))
        .collect();
    drop(tx);
    let mut acked = Vec::new();
    while acked.len() < ACKS_BEFORE_KILL {
        acked.push(
            rx.recv()
                .await
                .expect("the clients stopped before the kill"),
        );
    }
    // Killed while the clients keep posting: some calls are in flight.
    server.kill();
    for client in clients {
        client
            .await
            .expect("a client task")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    while let Some(ack) = rx.recv().await {
        acked.push(ack);
    }
    let numbers: HashSet<&str> = acked.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        numbers.len(),
        acked.len(),
        "two acknowledged tickets share a number"
    );

    let server = sandbox.serve(&[]);
    let operator = server.login(OPERATOR.0, OPERATOR.1).await;
    for (id, number) in &acked {
        let (status, found) = operator.get(&format!("/api/v1/tickets/{id}")).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "acknowledged ticket {id} ({number}) is gone: {found}"
        );
        assert_eq!(
            found["number"],
            number.as_str(),
            "ticket {id} came back with another number"
        );
    }
    // Numbering carries on after the crash without reusing an acknowledged number.
    let (status, next) = operator
        .post("/api/v1/tickets", &a_call("13900009999"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{next}");
    let (_, next_number) = id_and_number(&next);
    assert!(
        !numbers.contains(next_number.as_str()),
        "{next_number} was handed out twice"
    );
}
