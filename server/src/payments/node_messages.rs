//! The SOAP messages of pagoPA's creditor interface (paForNode), both ways:
//! a request is parsed only after it validated against the official XSDs
//! (`server/pagopa-schemas`), and every answer is validated before it leaves.
//! libxml2 does the schema work; its documents never cross an `.await`
//! (they are not `Send`), so parsing yields plain structs.

use libxml::parser::{Parser, ParserOptions};
use libxml::schemas::{SchemaParserContext, SchemaValidationContext};
use libxml::tree::{Document, Node, NodeType};
use quick_xml::escape::escape;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

pub const SOAP_ENVELOPE_NAMESPACE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const PA_FOR_NODE_NAMESPACE: &str = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd";
const WRAPPER_SCHEMA: &str = "soap-paForNode.xsd";
/// The Agenzia delle Entrate's schema of a digital stamp (marca da bollo).
const STAMP_SCHEMA: &str = "xsd-common/MarcaDaBollo.xsd";
pub const STAMP_NAMESPACE: &str = "http://www.agenziaentrate.gov.it/2014/MarcaDaBollo";
const XML_SIGNATURE_NAMESPACE: &str = "http://www.w3.org/2000/09/xmldsig#";

/// pagoPA's XSDs (the whole paForNode SOAP message, and the digital stamp),
/// compiled once for the whole process and shared by every thread and every
/// server it starts. Cloning shares them.
#[derive(Clone, Debug)]
pub struct NodeMessageSchema {
    wrapper: Arc<CompiledSchema>,
    stamp: Arc<CompiledSchema>,
}

/// One XSD's validation contexts. libxml2's contexts are not thread-safe, so
/// a validation takes an idle one (or compiles one when all are busy) and
/// gives it back: a process compiles as many as it ever uses at once.
#[derive(Debug)]
struct CompiledSchema {
    path: String,
    idle: Mutex<Vec<IdleContext>>,
    compilations: AtomicUsize,
}

/// A validation context no thread is using.
struct IdleContext(SchemaValidationContext);

// SAFETY: libxml2 objects are not bound to the thread that made them, only
// unsafe to use from two threads at once. A `SchemaValidationContext` owns its
// schema, its libxml2 context and its error list (a heap allocation it owns,
// not thread-local state); the pool gives each context to one thread at a time.
unsafe impl Send for IdleContext {}

impl std::fmt::Debug for IdleContext {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("IdleContext")
    }
}

impl CompiledSchema {
    fn compile_first(path: PathBuf) -> anyhow::Result<CompiledSchema> {
        let schema = CompiledSchema { path: path.to_string_lossy().into_owned(), idle: Mutex::new(Vec::new()), compilations: AtomicUsize::new(0) };
        let context = schema.compile()?;
        schema.give_back(context);
        Ok(schema)
    }

    fn compile(&self) -> anyhow::Result<IdleContext> {
        let mut parser = SchemaParserContext::from_file(&self.path);
        let context = SchemaValidationContext::from_parser(&mut parser)
            .map_err(|errors| anyhow::anyhow!("pagoPA's schemas do not compile ({}): {}", self.path, describe(&errors)))?;
        self.compilations.fetch_add(1, Ordering::Relaxed);
        Ok(IdleContext(context))
    }

    fn give_back(&self, context: IdleContext) {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(context);
    }

    /// A context for `use_it`, given back afterwards. If `use_it` panics the
    /// context is dropped instead, as it may be left half-used.
    fn with_context<R>(&self, use_it: impl FnOnce(&mut SchemaValidationContext) -> R) -> anyhow::Result<R> {
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut context = match idle {
            Some(context) => context,
            None => self.compile()?,
        };
        let result = use_it(&mut context.0);
        self.give_back(context);
        Ok(result)
    }

    fn problems(&self, document: &Document) -> Vec<String> {
        match self.with_context(|context| context.validate_document(document)) {
            Ok(Ok(())) => Vec::new(),
            Ok(Err(errors)) => errors.iter().filter_map(|error| error.message.as_ref().map(|message| message.trim().to_string())).collect(),
            Err(error) => vec![error.to_string()],
        }
    }
}

/// A digital stamp as read from a receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigitalStamp {
    /// IUBD: the stamp's identifier.
    pub identifier: String,
    /// As written: `16.00`.
    pub amount: String,
    pub document_digest_base64: String,
    pub xml: String,
}

/// libxml's bindings can panic on input they did not expect; a panic while
/// reading what the node sent becomes a refusal (a fault for the node),
/// never a dropped connection. The context in use is dropped, not reused.
fn without_panics<T>(work: impl FnOnce() -> T) -> Option<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(value) => Some(value),
        Err(_) => {
            tracing::error!("reading a pagoPA message panicked");
            None
        }
    }
}

impl NodeMessageSchema {
    /// Compiles the schemas, which also proves the files are there and sound.
    pub fn load(directory: &Path) -> anyhow::Result<NodeMessageSchema> {
        let wrapper: PathBuf = directory.join(WRAPPER_SCHEMA);
        anyhow::ensure!(
            wrapper.is_file(),
            "pagoPA's schemas are not at {} (SPORTELLO_PAGOPA_SCHEMA_DIR; the repository has them in server/pagopa-schemas)",
            directory.display()
        );
        Ok(NodeMessageSchema {
            wrapper: Arc::new(CompiledSchema::compile_first(wrapper)?),
            stamp: Arc::new(CompiledSchema::compile_first(directory.join(STAMP_SCHEMA))?),
        })
    }

    /// How many times the schemas were compiled since `load` (both XSDs
    /// count): as many as were ever in use at once, never one per thread.
    pub fn compilations(&self) -> usize {
        self.wrapper.compilations.load(Ordering::Relaxed) + self.stamp.compilations.load(Ordering::Relaxed)
    }

    /// What is wrong with a parsed message against the schemas (empty: valid).
    fn problems(&self, document: &Document) -> Vec<String> {
        self.wrapper.problems(document)
    }

    /// Reads a digital stamp the payment provider sent with a receipt
    /// (`MBDAttachment`, base64): valid against the Agenzia delle Entrate's
    /// schema, then what it binds: the document's digest and the amount.
    /// The provider's signature is checked by the treasury's stamp register,
    /// not here (it needs the Agenzia's certificate chain).
    pub fn read_stamp(&self, attachment_base64: &str) -> Result<DigitalStamp, String> {
        without_panics(|| self.read_stamp_unguarded(attachment_base64)).unwrap_or_else(|| Err("the stamp could not be read".to_string()))
    }

    fn read_stamp_unguarded(&self, attachment_base64: &str) -> Result<DigitalStamp, String> {
        use base64::Engine;
        let compact: String = attachment_base64.chars().filter(|character| !character.is_ascii_whitespace()).collect();
        let bytes = base64::engine::general_purpose::STANDARD.decode(compact).map_err(|_| "MBDAttachment is not base64".to_string())?;
        let xml = String::from_utf8(bytes).map_err(|_| "the stamp is not UTF-8 XML".to_string())?;
        let document = parse_strictly(&xml)?;
        let problems = self.stamp.problems(&document);
        if !problems.is_empty() {
            return Err(format!("the stamp is invalid against MarcaDaBollo.xsd: {}", problems.join("; ")));
        }
        let root = document.get_root_element().ok_or("the stamp is empty")?;
        let digest = child(&root, "ImprontaDocumento").and_then(|imprint| child(&imprint, "DigestValue")).map(|value| value.get_content().trim().to_string());
        Ok(DigitalStamp {
            identifier: required_text(&root, "IUBD"),
            amount: required_text(&root, "Importo"),
            document_digest_base64: digest.unwrap_or_default(),
            xml,
        })
    }

    /// Checks a message this side is about to send (or, in tests and the
    /// simulator, one it received).
    pub fn check_message(&self, xml: &str) -> Result<(), Vec<String>> {
        without_panics(|| self.check_message_unguarded(xml)).unwrap_or_else(|| Err(vec!["the message could not be read".to_string()]))
    }

    fn check_message_unguarded(&self, xml: &str) -> Result<(), Vec<String>> {
        let document = parse_strictly(xml).map_err(|problem| vec![problem])?;
        let problems = self.problems(&document);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Reads a request the node sent: well-formed, valid against the XSDs,
    /// one known operation in the Body.
    pub fn read_request(&self, xml: &str) -> Result<NodeRequest, RequestProblem> {
        without_panics(|| self.read_request_unguarded(xml)).unwrap_or_else(|| Err(RequestProblem::NotSoap("the message could not be read".to_string())))
    }

    fn read_request_unguarded(&self, xml: &str) -> Result<NodeRequest, RequestProblem> {
        let document = parse_strictly(xml).map_err(RequestProblem::NotSoap)?;
        let operation_element = document
            .get_root_element()
            .filter(|root| is_element(root, SOAP_ENVELOPE_NAMESPACE, "Envelope"))
            .and_then(|envelope| envelope.get_child_elements().into_iter().find(|child| is_element(child, SOAP_ENVELOPE_NAMESPACE, "Body")))
            .and_then(|body| body.get_first_element_child())
            .ok_or_else(|| RequestProblem::NotSoap("not a SOAP 1.1 envelope with a Body".to_string()))?;
        let operation = Operation::of_request_element(&operation_element).ok_or_else(|| RequestProblem::UnknownOperation(operation_element.get_name()))?;
        let problems = self.problems(&document);
        if !problems.is_empty() {
            let caller = read_caller(&operation_element);
            return Err(RequestProblem::InvalidAgainstSchema { operation, caller, problems });
        }
        let caller = read_caller(&operation_element).unwrap_or_default();
        Ok(match operation {
            Operation::VerifyPaymentNotice => NodeRequest::VerifyPaymentNotice { caller, qr_code: read_qr_code(&operation_element) },
            Operation::GetPayment | Operation::GetPaymentV2 => NodeRequest::GetPayment {
                version: if operation == Operation::GetPayment { InterfaceVersion::V1 } else { InterfaceVersion::V2 },
                caller,
                qr_code: read_qr_code(&operation_element),
            },
            Operation::SendReceipt | Operation::SendReceiptV2 => NodeRequest::SendReceipt {
                version: if operation == Operation::SendReceipt { InterfaceVersion::V1 } else { InterfaceVersion::V2 },
                caller,
                receipt: Box::new(read_receipt(&child(&operation_element, "receipt").expect("the schema requires a receipt"))),
            },
            Operation::DemandPaymentNotice => NodeRequest::DemandPaymentNotice { caller },
        })
    }
}

fn describe(errors: &[libxml::error::StructuredError]) -> String {
    errors.iter().filter_map(|error| error.message.as_deref()).map(str::trim).collect::<Vec<_>>().join("; ")
}

/// No recovery from broken XML, no network, UTF-8 only, and no DTD or
/// entity at all (SOAP forbids them, and they are the door to entity
/// attacks). The text checked here is exactly what libxml2 reads: the
/// document's own encoding declaration is ignored, and one naming anything
/// but UTF-8 is refused (a UTF-16 body once slipped past the `<!DOCTYPE`
/// check, and an entity reference then made the validator panic).
fn parse_strictly(xml: &str) -> Result<Document, String> {
    // A UTF-8 byte-order mark says only what is already known.
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    if xml.contains('\0') {
        return Err("the message is not UTF-8 XML".to_string());
    }
    if let Some(encoding) = declared_encoding(xml) {
        if !encoding.eq_ignore_ascii_case("utf-8") {
            return Err(format!("only UTF-8 is accepted, not {encoding}"));
        }
    }
    if xml.contains("<!DOCTYPE") || xml.contains("<!ENTITY") {
        return Err("a DTD is not allowed in a SOAP message".to_string());
    }
    // `ignore_enc` and no `encoding`: libxml 0.3.3 frees the encoding
    // name before the parser reads it, so naming one parses at random.
    let options = ParserOptions { recover: false, no_net: true, no_def_dtd: true, ignore_enc: true, ..ParserOptions::default() };
    let document = Parser::default().parse_string_with_options(xml, options).map_err(|_| "not well-formed XML".to_string())?;
    if has_dtd_or_entity(&document.as_node()) {
        return Err("a DTD or an entity reference is not allowed in a SOAP message".to_string());
    }
    Ok(document)
}

/// The `encoding` of the XML declaration, when there is one.
fn declared_encoding(xml: &str) -> Option<String> {
    let declaration = xml.trim_start_matches('\u{feff}');
    let declaration = &declaration[..declaration.find("?>")?];
    if !declaration.starts_with("<?xml") {
        return None;
    }
    let after = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|quote| *quote == '"' || *quote == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_string())
}

fn has_dtd_or_entity(node: &Node) -> bool {
    let mut pending = vec![node.clone()];
    while let Some(current) = pending.pop() {
        if matches!(
            current.get_type(),
            Some(NodeType::DocumentTypeNode | NodeType::DTDNode | NodeType::EntityRefNode | NodeType::EntityNode | NodeType::EntityDecl)
        ) {
            return true;
        }
        pending.extend(current.get_child_nodes());
    }
    false
}

fn is_element(node: &Node, namespace: &str, name: &str) -> bool {
    node.get_name() == name && node.get_namespace().is_some_and(|ns| ns.get_href() == namespace)
}

fn child(node: &Node, name: &str) -> Option<Node> {
    node.get_child_elements().into_iter().find(|element| element.get_name() == name)
}

fn text(node: &Node, name: &str) -> Option<String> {
    child(node, name).map(|element| element.get_content().trim().to_string())
}

fn required_text(node: &Node, name: &str) -> String {
    text(node, name).unwrap_or_default()
}

fn read_caller(operation: &Node) -> Option<NodeCaller> {
    Some(NodeCaller { creditor_id: text(operation, "idPA")?, broker_id: text(operation, "idBrokerPA")?, station_id: text(operation, "idStation")? })
}

fn read_qr_code(operation: &Node) -> QrCodeReference {
    let qr_code = child(operation, "qrCode").expect("the schema requires a qrCode");
    QrCodeReference { creditor_fiscal_code: required_text(&qr_code, "fiscalCode"), notice_number: required_text(&qr_code, "noticeNumber") }
}

fn read_receipt(receipt: &Node) -> NodeReceipt {
    let transfers = child(receipt, "transferList")
        .map(|list| {
            list.get_child_elements()
                .iter()
                .map(|transfer| ReceiptTransfer {
                    id: required_text(transfer, "idTransfer"),
                    amount: required_text(transfer, "transferAmount"),
                    creditor_fiscal_code: required_text(transfer, "fiscalCodePA"),
                    iban: text(transfer, "IBAN"),
                    stamp_attachment: text(transfer, "MBDAttachment"),
                })
                .collect()
        })
        .unwrap_or_default();
    NodeReceipt {
        receipt_id: required_text(receipt, "receiptId"),
        notice_number: required_text(receipt, "noticeNumber"),
        creditor_fiscal_code: required_text(receipt, "fiscalCode"),
        outcome_ok: required_text(receipt, "outcome") == "OK",
        creditor_reference_id: required_text(receipt, "creditorReferenceId"),
        payment_amount: required_text(receipt, "paymentAmount"),
        psp_id: required_text(receipt, "idPSP"),
        psp_name: required_text(receipt, "PSPCompanyName"),
        channel_id: required_text(receipt, "idChannel"),
        payment_method: text(receipt, "paymentMethod"),
        fee: text(receipt, "fee"),
        payment_date_time: text(receipt, "paymentDateTime"),
        transfers,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    VerifyPaymentNotice,
    GetPayment,
    GetPaymentV2,
    SendReceipt,
    SendReceiptV2,
    DemandPaymentNotice,
}

impl Operation {
    fn of_request_element(element: &Node) -> Option<Operation> {
        if element.get_namespace().is_none_or(|ns| ns.get_href() != PA_FOR_NODE_NAMESPACE) {
            return None;
        }
        Some(match element.get_name().as_str() {
            "paVerifyPaymentNoticeReq" => Operation::VerifyPaymentNotice,
            "paGetPaymentReq" => Operation::GetPayment,
            "paGetPaymentV2Request" => Operation::GetPaymentV2,
            "paSendRTReq" => Operation::SendReceipt,
            "paSendRTV2Request" => Operation::SendReceiptV2,
            "paDemandPaymentNoticeRequest" => Operation::DemandPaymentNotice,
            _ => return None,
        })
    }

    pub fn response_element(self) -> &'static str {
        match self {
            Operation::VerifyPaymentNotice => "paVerifyPaymentNoticeRes",
            Operation::GetPayment => "paGetPaymentRes",
            Operation::GetPaymentV2 => "paGetPaymentV2Response",
            Operation::SendReceipt => "paSendRTRes",
            Operation::SendReceiptV2 => "paSendRTV2Response",
            Operation::DemandPaymentNotice => "paDemandPaymentNoticeResponse",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterfaceVersion {
    V1,
    V2,
}

/// Who the node says it is calling: the creditor body, its broker, its station.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeCaller {
    pub creditor_id: String,
    pub broker_id: String,
    pub station_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrCodeReference {
    pub creditor_fiscal_code: String,
    pub notice_number: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptTransfer {
    /// idTransfer: 1 to 5.
    pub id: String,
    /// As written: `15.00`.
    pub amount: String,
    pub creditor_fiscal_code: String,
    pub iban: Option<String>,
    /// The digital stamp (base64 marcaDaBollo XML) in place of the IBAN.
    pub stamp_attachment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeReceipt {
    pub receipt_id: String,
    pub notice_number: String,
    pub creditor_fiscal_code: String,
    pub outcome_ok: bool,
    pub creditor_reference_id: String,
    /// As written: `15.00`.
    pub payment_amount: String,
    pub psp_id: String,
    pub psp_name: String,
    pub channel_id: String,
    pub payment_method: Option<String>,
    pub fee: Option<String>,
    pub payment_date_time: Option<String>,
    pub transfers: Vec<ReceiptTransfer>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeRequest {
    VerifyPaymentNotice {
        caller: NodeCaller,
        qr_code: QrCodeReference,
    },
    GetPayment {
        version: InterfaceVersion,
        caller: NodeCaller,
        qr_code: QrCodeReference,
    },
    SendReceipt {
        version: InterfaceVersion,
        caller: NodeCaller,
        receipt: Box<NodeReceipt>,
    },
    /// Notices on demand: a service this Comune does not offer.
    DemandPaymentNotice {
        caller: NodeCaller,
    },
}

impl NodeRequest {
    pub fn operation(&self) -> Operation {
        match self {
            NodeRequest::VerifyPaymentNotice { .. } => Operation::VerifyPaymentNotice,
            NodeRequest::GetPayment { version: InterfaceVersion::V1, .. } => Operation::GetPayment,
            NodeRequest::GetPayment { version: InterfaceVersion::V2, .. } => Operation::GetPaymentV2,
            NodeRequest::SendReceipt { version: InterfaceVersion::V1, .. } => Operation::SendReceipt,
            NodeRequest::SendReceipt { version: InterfaceVersion::V2, .. } => Operation::SendReceiptV2,
            NodeRequest::DemandPaymentNotice { .. } => Operation::DemandPaymentNotice,
        }
    }

    pub fn caller(&self) -> &NodeCaller {
        match self {
            NodeRequest::VerifyPaymentNotice { caller, .. }
            | NodeRequest::GetPayment { caller, .. }
            | NodeRequest::SendReceipt { caller, .. }
            | NodeRequest::DemandPaymentNotice { caller } => caller,
        }
    }
}

#[derive(Debug)]
pub enum RequestProblem {
    NotSoap(String),
    UnknownOperation(String),
    InvalidAgainstSchema { operation: Operation, caller: Option<NodeCaller>, problems: Vec<String> },
}

/// The fault codes of the creditor interface (SANP, "codici di errore").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeFaultCode {
    WrongCreditor,
    WrongBroker,
    WrongStation,
    UnknownPayment,
    DuplicatePayment,
    PaymentInProgress,
    PaymentExpired,
    PaymentCancelled,
    SchemaSyntax,
    Semantics,
    SystemError,
}

impl NodeFaultCode {
    pub fn code(self) -> &'static str {
        match self {
            NodeFaultCode::WrongCreditor => "PAA_ID_DOMINIO_ERRATO",
            NodeFaultCode::WrongBroker => "PAA_ID_INTERMEDIARIO_ERRATO",
            NodeFaultCode::WrongStation => "PAA_STAZIONE_INT_ERRATA",
            NodeFaultCode::UnknownPayment => "PAA_PAGAMENTO_SCONOSCIUTO",
            NodeFaultCode::DuplicatePayment => "PAA_PAGAMENTO_DUPLICATO",
            NodeFaultCode::PaymentInProgress => "PAA_PAGAMENTO_IN_CORSO",
            NodeFaultCode::PaymentExpired => "PAA_PAGAMENTO_SCADUTO",
            NodeFaultCode::PaymentCancelled => "PAA_PAGAMENTO_ANNULLATO",
            NodeFaultCode::SchemaSyntax => "PAA_SINTASSI_XSD",
            NodeFaultCode::Semantics => "PAA_SEMANTICA",
            NodeFaultCode::SystemError => "PAA_SYSTEM_ERROR",
        }
    }

    /// The short text the SANP gives each code.
    pub fn fault_string(self) -> &'static str {
        match self {
            NodeFaultCode::WrongCreditor => "Identificativo dominio errato",
            NodeFaultCode::WrongBroker => "Identificativo intermediario errato",
            NodeFaultCode::WrongStation => "Stazione intermediario errata",
            NodeFaultCode::UnknownPayment => "Pagamento sconosciuto",
            NodeFaultCode::DuplicatePayment => "Pagamento duplicato",
            NodeFaultCode::PaymentInProgress => "Pagamento in corso",
            NodeFaultCode::PaymentExpired => "Pagamento scaduto",
            NodeFaultCode::PaymentCancelled => "Pagamento annullato",
            NodeFaultCode::SchemaSyntax => "Errore di sintassi XSD",
            NodeFaultCode::Semantics => "Errore semantico",
            NodeFaultCode::SystemError => "Errore di sistema",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeFault {
    pub code: NodeFaultCode,
    /// For the node's operators; never personal data.
    pub description: String,
}

impl NodeFault {
    pub fn new(code: NodeFaultCode, description: impl Into<String>) -> NodeFault {
        NodeFault { code, description: description.into() }
    }
}

/// What a debt position looks like to the node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentDescription {
    pub iuv: String,
    /// `15.00`.
    pub amount: String,
    /// ISO date.
    pub due_date: String,
    pub description: String,
    pub company_name: String,
    pub office_name: String,
    pub creditor_fiscal_code: String,
    pub debtor_fiscal_code: String,
    /// F: a person (16 characters), G: a company (11 digits).
    pub debtor_is_person: bool,
    pub debtor_name: String,
    /// One to five, in order (idTransfer 1, 2…).
    pub transfers: Vec<DescribedTransfer>,
}

/// One transfer of a payment, as the creditor describes it to the node
/// (and as the node reads it back).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescribedTransfer {
    /// `15.00`.
    pub amount: String,
    pub creditor_fiscal_code: String,
    pub destination: DescribedDestination,
    pub remittance: String,
    pub category: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DescribedDestination {
    Iban(String),
    /// `richiestaMarcaDaBollo`: the document's SHA-256 in base64, the province.
    StampDuty {
        document_hash: String,
        province: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeAnswer {
    Verified(PaymentDescription),
    Payment(PaymentDescription),
    ReceiptTaken,
    Fault(NodeFault),
}

/// Writes the SOAP answer to `operation`. `creditor_id` goes in a fault's
/// `id` (the domain that raised it).
pub fn write_response(operation: Operation, answer: &NodeAnswer, creditor_id: &str) -> String {
    let mut body = String::new();
    match answer {
        NodeAnswer::Fault(fault) => {
            body.push_str("<outcome>KO</outcome>");
            body.push_str(&fault_element(fault, creditor_id));
        }
        NodeAnswer::ReceiptTaken => body.push_str("<outcome>OK</outcome>"),
        NodeAnswer::Verified(payment) => {
            body.push_str("<outcome>OK</outcome><paymentList><paymentOptionDescription>");
            element(&mut body, "amount", &payment.amount);
            element(&mut body, "options", "EQ");
            element(&mut body, "dueDate", &payment.due_date);
            element(&mut body, "detailDescription", &up_to(&payment.description, 140));
            element(&mut body, "allCCP", "false");
            body.push_str("</paymentOptionDescription></paymentList>");
            element(&mut body, "paymentDescription", &up_to(&payment.description, 140));
            element(&mut body, "fiscalCodePA", &payment.creditor_fiscal_code);
            element(&mut body, "companyName", &up_to(&payment.company_name, 140));
            element(&mut body, "officeName", &up_to(&payment.office_name, 140));
        }
        NodeAnswer::Payment(payment) => {
            body.push_str("<outcome>OK</outcome><data>");
            element(&mut body, "creditorReferenceId", &payment.iuv);
            element(&mut body, "paymentAmount", &payment.amount);
            element(&mut body, "dueDate", &payment.due_date);
            element(&mut body, "description", &up_to(&payment.description, 140));
            element(&mut body, "companyName", &up_to(&payment.company_name, 140));
            element(&mut body, "officeName", &up_to(&payment.office_name, 140));
            body.push_str("<debtor><uniqueIdentifier>");
            element(&mut body, "entityUniqueIdentifierType", if payment.debtor_is_person { "F" } else { "G" });
            element(&mut body, "entityUniqueIdentifierValue", &payment.debtor_fiscal_code);
            body.push_str("</uniqueIdentifier>");
            element(&mut body, "fullName", &up_to(&payment.debtor_name, 70));
            body.push_str("</debtor><transferList>");
            for (index, transfer) in payment.transfers.iter().enumerate() {
                body.push_str("<transfer>");
                element(&mut body, "idTransfer", &(index + 1).to_string());
                element(&mut body, "transferAmount", &transfer.amount);
                element(&mut body, "fiscalCodePA", &transfer.creditor_fiscal_code);
                match &transfer.destination {
                    DescribedDestination::Iban(iban) => element(&mut body, "IBAN", iban),
                    // Only paGetPaymentV2 can ask for a stamp; the interface
                    // refuses V1 for such a position before writing anything.
                    DescribedDestination::StampDuty { document_hash, province } => {
                        body.push_str("<richiestaMarcaDaBollo>");
                        element(&mut body, "hashDocumento", document_hash);
                        element(&mut body, "tipoBollo", "01");
                        element(&mut body, "provinciaResidenza", province);
                        body.push_str("</richiestaMarcaDaBollo>");
                    }
                }
                element(&mut body, "remittanceInformation", &up_to(&transfer.remittance, 140));
                element(&mut body, "transferCategory", &transfer.category);
                body.push_str("</transfer>");
            }
            body.push_str("</transferList></data>");
        }
    }
    envelope(operation.response_element(), &body)
}

fn fault_element(fault: &NodeFault, creditor_id: &str) -> String {
    let mut xml = String::from("<fault>");
    element(&mut xml, "faultCode", fault.code.code());
    element(&mut xml, "faultString", fault.code.fault_string());
    element(&mut xml, "id", creditor_id);
    element(&mut xml, "description", &fault.description);
    xml.push_str("</fault>");
    xml
}

fn envelope(operation_element: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soapenv:Envelope xmlns:soapenv=\"{SOAP_ENVELOPE_NAMESPACE}\" xmlns:pafn=\"{PA_FOR_NODE_NAMESPACE}\">\
         <soapenv:Body><pafn:{operation_element}>{body}</pafn:{operation_element}></soapenv:Body></soapenv:Envelope>"
    )
}

/// A SOAP 1.1 Fault, for what is not a paForNode request at all.
pub fn write_soap_fault(reason: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soapenv:Envelope xmlns:soapenv=\"{SOAP_ENVELOPE_NAMESPACE}\"><soapenv:Body><soapenv:Fault>\
         <faultcode>soapenv:Client</faultcode><faultstring>{}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>",
        escape(reason)
    )
}

fn element(xml: &mut String, name: &str, value: &str) {
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    xml.push_str(&escape(value));
    xml.push_str("</");
    xml.push_str(name);
    xml.push('>');
}

/// pagoPA's texts have maximum lengths in characters.
fn up_to(text: &str, characters: usize) -> String {
    text.chars().take(characters).collect()
}

// The node's side of the conversation: what pagoPA sends. The simulator
// speaks with these, and the tests drive the interface with them; both check
// them against the same XSDs before sending.

/// A receipt as the node writes it in paSendRT(V2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptToSend {
    pub receipt_id: String,
    pub notice_number: String,
    pub creditor_fiscal_code: String,
    pub outcome_ok: bool,
    pub creditor_reference_id: String,
    pub amount_cents: i64,
    pub description: String,
    pub company_name: String,
    pub debtor_fiscal_code: String,
    pub debtor_name: String,
    /// At most five, in order.
    pub transfers: Vec<TransferToSend>,
    pub psp_id: String,
    pub psp_name: String,
    pub channel_id: String,
    pub payment_method: String,
    pub fee_cents: i64,
    /// `2026-11-27T10:15:00`.
    pub payment_date_time: String,
}

/// A transfer as the node reports it paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferToSend {
    pub amount_cents: i64,
    pub creditor_fiscal_code: String,
    pub paid_to: TransferPaidTo,
    pub remittance: String,
    pub category: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferPaidTo {
    Iban(String),
    /// `MBDAttachment`: the digital stamp, base64 (paSendRTV2 only).
    Stamp(String),
}

impl TransferToSend {
    /// What the creditor described, paid: a stamp request is answered with
    /// `stamp` (the base64 stamp the provider issued for it).
    pub fn paid(described: &DescribedTransfer, stamp: impl FnOnce(&str) -> String) -> TransferToSend {
        TransferToSend {
            amount_cents: cents_of(&described.amount).unwrap_or(0),
            creditor_fiscal_code: described.creditor_fiscal_code.clone(),
            paid_to: match &described.destination {
                DescribedDestination::Iban(iban) => TransferPaidTo::Iban(iban.clone()),
                DescribedDestination::StampDuty { document_hash, .. } => TransferPaidTo::Stamp(stamp(document_hash)),
            },
            remittance: described.remittance.clone(),
            category: described.category.clone(),
        }
    }
}

/// A digital stamp as a payment provider issues it (the simulator's and
/// the tests'): valid against MarcaDaBollo.xsd, bound to the document's
/// digest. The signature has the XML-DSig shape but no real key: only the
/// Agenzia delle Entrate's providers can sign a true stamp. Base64, as
/// `MBDAttachment` carries it.
pub fn write_issued_stamp(psp_fiscal_code: &str, psp_name: &str, identifier: &str, purchased_at: &str, amount_cents: i64, document_hash: &str) -> String {
    use base64::Engine;
    let mut xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><marcaDaBollo xmlns=\"{STAMP_NAMESPACE}\" xmlns:ds=\"{XML_SIGNATURE_NAMESPACE}\"><PSP>");
    element(&mut xml, "CodiceFiscale", psp_fiscal_code);
    element(&mut xml, "Denominazione", psp_name);
    xml.push_str("</PSP>");
    element(&mut xml, "IUBD", identifier);
    element(&mut xml, "OraAcquisto", purchased_at);
    element(&mut xml, "Importo", &decimal_amount(amount_cents));
    element(&mut xml, "TipoBollo", "01");
    xml.push_str("<ImprontaDocumento><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>");
    xml.push_str(&format!("<ds:DigestValue>{}</ds:DigestValue></ImprontaDocumento>", escape(document_hash)));
    xml.push_str(
        "<ds:Signature><ds:SignedInfo>\
         <ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>\
         <ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>\
         <ds:Reference URI=\"\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>",
    );
    xml.push_str(&format!("<ds:DigestValue>{}</ds:DigestValue></ds:Reference></ds:SignedInfo>", escape(document_hash)));
    xml.push_str("<ds:SignatureValue>U0lNVUxBVE9SRQ==</ds:SignatureValue></ds:Signature></marcaDaBollo>");
    base64::engine::general_purpose::STANDARD.encode(xml)
}

fn request_envelope(operation_element: &str, caller: &NodeCaller, body: &str) -> String {
    let mut inner = String::new();
    element(&mut inner, "idPA", &caller.creditor_id);
    element(&mut inner, "idBrokerPA", &caller.broker_id);
    element(&mut inner, "idStation", &caller.station_id);
    inner.push_str(body);
    envelope(operation_element, &inner)
}

fn qr_code_element(qr_code: &QrCodeReference) -> String {
    let mut xml = String::from("<qrCode>");
    element(&mut xml, "fiscalCode", &qr_code.creditor_fiscal_code);
    element(&mut xml, "noticeNumber", &qr_code.notice_number);
    xml.push_str("</qrCode>");
    xml
}

/// 1500 → `15.00`: amounts cross the interface as text with two decimals.
pub fn decimal_amount(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// `15.00` → 1500; the XSD already guarantees digits, a point and two decimals.
pub fn cents_of(amount: &str) -> Option<i64> {
    let (units, decimals) = amount.split_once('.')?;
    if decimals.len() != 2 {
        return None;
    }
    units.parse::<i64>().ok()?.checked_mul(100)?.checked_add(decimals.parse::<i64>().ok()?)
}

pub fn write_verify_request(caller: &NodeCaller, qr_code: &QrCodeReference) -> String {
    request_envelope("paVerifyPaymentNoticeReq", caller, &qr_code_element(qr_code))
}

pub fn write_get_payment_request(version: InterfaceVersion, caller: &NodeCaller, qr_code: &QrCodeReference) -> String {
    let operation = if version == InterfaceVersion::V1 { "paGetPaymentReq" } else { "paGetPaymentV2Request" };
    request_envelope(operation, caller, &qr_code_element(qr_code))
}

pub fn write_send_receipt_request(version: InterfaceVersion, caller: &NodeCaller, receipt: &ReceiptToSend) -> String {
    let mut xml = String::from("<receipt>");
    element(&mut xml, "receiptId", &receipt.receipt_id);
    element(&mut xml, "noticeNumber", &receipt.notice_number);
    element(&mut xml, "fiscalCode", &receipt.creditor_fiscal_code);
    element(&mut xml, "outcome", if receipt.outcome_ok { "OK" } else { "KO" });
    element(&mut xml, "creditorReferenceId", &receipt.creditor_reference_id);
    element(&mut xml, "paymentAmount", &decimal_amount(receipt.amount_cents));
    element(&mut xml, "description", &up_to(&receipt.description, 140));
    element(&mut xml, "companyName", &up_to(&receipt.company_name, 140));
    xml.push_str("<debtor><uniqueIdentifier>");
    element(&mut xml, "entityUniqueIdentifierType", if receipt.debtor_fiscal_code.len() == 16 { "F" } else { "G" });
    element(&mut xml, "entityUniqueIdentifierValue", &receipt.debtor_fiscal_code);
    xml.push_str("</uniqueIdentifier>");
    element(&mut xml, "fullName", &up_to(&receipt.debtor_name, 70));
    xml.push_str("</debtor><transferList>");
    for (index, transfer) in receipt.transfers.iter().enumerate() {
        xml.push_str("<transfer>");
        element(&mut xml, "idTransfer", &(index + 1).to_string());
        element(&mut xml, "transferAmount", &decimal_amount(transfer.amount_cents));
        element(&mut xml, "fiscalCodePA", &transfer.creditor_fiscal_code);
        match &transfer.paid_to {
            TransferPaidTo::Iban(iban) => element(&mut xml, "IBAN", iban),
            TransferPaidTo::Stamp(attachment) => element(&mut xml, "MBDAttachment", attachment),
        }
        element(&mut xml, "remittanceInformation", &up_to(&transfer.remittance, 140));
        element(&mut xml, "transferCategory", &transfer.category);
        xml.push_str("</transfer>");
    }
    xml.push_str("</transferList>");
    element(&mut xml, "idPSP", &receipt.psp_id);
    element(&mut xml, "PSPCompanyName", &up_to(&receipt.psp_name, 70));
    element(&mut xml, "idChannel", &receipt.channel_id);
    element(&mut xml, "channelDescription", "app");
    element(&mut xml, "paymentMethod", &receipt.payment_method);
    element(&mut xml, "fee", &decimal_amount(receipt.fee_cents));
    element(&mut xml, "paymentDateTime", &receipt.payment_date_time);
    xml.push_str("</receipt>");
    let operation = if version == InterfaceVersion::V1 { "paSendRTReq" } else { "paSendRTV2Request" };
    request_envelope(operation, caller, &xml)
}

/// What the node reads in an answer: the outcome, the fault code if any,
/// and the amount offered (verify, get payment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerAsRead {
    pub outcome_ok: bool,
    pub fault_code: Option<String>,
    pub amount: Option<String>,
    pub creditor_reference_id: Option<String>,
    pub description: Option<String>,
    pub debtor_fiscal_code: Option<String>,
    pub debtor_name: Option<String>,
    /// paGetPayment(V2)'s transfers, in order.
    pub transfers: Vec<DescribedTransfer>,
}

pub fn read_answer(xml: &str) -> Option<AnswerAsRead> {
    let document = parse_strictly(xml).ok()?;
    let body = document.get_root_element()?.get_child_elements().into_iter().find(|child| child.get_name() == "Body")?;
    let answer = body.get_first_element_child()?;
    let descendant_text = |path: &[&str]| {
        let mut node = answer.clone();
        for name in path {
            node = child(&node, name)?;
        }
        Some(node.get_content().trim().to_string())
    };
    Some(AnswerAsRead {
        outcome_ok: text(&answer, "outcome").as_deref() == Some("OK"),
        fault_code: descendant_text(&["fault", "faultCode"]),
        amount: descendant_text(&["paymentList", "paymentOptionDescription", "amount"]).or_else(|| descendant_text(&["data", "paymentAmount"])),
        creditor_reference_id: descendant_text(&["data", "creditorReferenceId"]),
        description: descendant_text(&["data", "description"]).or_else(|| descendant_text(&["paymentDescription"])),
        debtor_fiscal_code: descendant_text(&["data", "debtor", "uniqueIdentifier", "entityUniqueIdentifierValue"]),
        debtor_name: descendant_text(&["data", "debtor", "fullName"]),
        transfers: child(&answer, "data")
            .and_then(|data| child(&data, "transferList"))
            .map(|list| list.get_child_elements().iter().map(read_described_transfer).collect())
            .unwrap_or_default(),
    })
}

fn read_described_transfer(transfer: &Node) -> DescribedTransfer {
    let destination = match child(transfer, "richiestaMarcaDaBollo") {
        Some(stamp) => {
            DescribedDestination::StampDuty { document_hash: required_text(&stamp, "hashDocumento"), province: required_text(&stamp, "provinciaResidenza") }
        }
        None => DescribedDestination::Iban(required_text(transfer, "IBAN")),
    };
    DescribedTransfer {
        amount: required_text(transfer, "transferAmount"),
        creditor_fiscal_code: required_text(transfer, "fiscalCodePA"),
        destination,
        remittance: required_text(transfer, "remittanceInformation"),
        category: required_text(transfer, "transferCategory"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> NodeMessageSchema {
        NodeMessageSchema::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pagopa-schemas")).expect("schemas compile")
    }

    fn verify_request(body_extra: &str) -> String {
        format!(
            "<soapenv:Envelope xmlns:soapenv=\"{SOAP_ENVELOPE_NAMESPACE}\" xmlns:pafn=\"{PA_FOR_NODE_NAMESPACE}\"><soapenv:Body>\
             <pafn:paVerifyPaymentNoticeReq><idPA>00000000000</idPA><idBrokerPA>00000000000</idBrokerPA><idStation>00000000000_01</idStation>\
             <qrCode><fiscalCode>00000000000</fiscalCode><noticeNumber>301000000000000144</noticeNumber></qrCode>{body_extra}\
             </pafn:paVerifyPaymentNoticeReq></soapenv:Body></soapenv:Envelope>"
        )
    }

    #[test]
    fn the_schemas_are_compiled_once_for_every_thread_and_again_only_for_a_use_at_the_same_time() {
        let schema = schema();
        assert_eq!(schema.compilations(), 2, "load compiles the message's and the stamp's XSD");
        for _ in 0..3 {
            let schema = schema.clone();
            std::thread::spawn(move || {
                assert!(schema.read_request(&verify_request("")).is_ok());
                assert!(schema.read_request(&verify_request("<extra>1</extra>")).is_err());
            })
            .join()
            .unwrap();
        }
        assert_eq!(schema.compilations(), 2, "three threads one after the other reuse the compiled XSD");
        let both_busy = std::sync::Barrier::new(2);
        std::thread::scope(|scope| {
            scope.spawn(|| schema.wrapper.with_context(|_| both_busy.wait()).unwrap());
            scope.spawn(|| schema.wrapper.with_context(|_| both_busy.wait()).unwrap());
        });
        assert_eq!(schema.compilations(), 3, "two validations at once need a second context, kept for later");
        assert!(schema.read_request(&verify_request("")).is_ok());
        assert_eq!(schema.compilations(), 3);
    }

    #[test]
    fn a_valid_request_is_read_and_an_invalid_one_names_its_operation() {
        let schema = schema();
        let request = schema.read_request(&verify_request("")).expect("valid");
        assert_eq!(
            request,
            NodeRequest::VerifyPaymentNotice {
                caller: NodeCaller { creditor_id: "00000000000".into(), broker_id: "00000000000".into(), station_id: "00000000000_01".into() },
                qr_code: QrCodeReference { creditor_fiscal_code: "00000000000".into(), notice_number: "301000000000000144".into() },
            }
        );
        match schema.read_request(&verify_request("<extra>1</extra>")) {
            Err(RequestProblem::InvalidAgainstSchema { operation: Operation::VerifyPaymentNotice, caller: Some(_), problems }) => {
                assert!(problems.iter().any(|problem| problem.contains("extra")), "{problems:?}")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(schema.read_request("<a>"), Err(RequestProblem::NotSoap(_))));
        assert!(matches!(schema.read_request("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"), Err(RequestProblem::NotSoap(_))));
        let unknown = verify_request("").replace("paVerifyPaymentNoticeReq", "paSomethingElse");
        assert!(matches!(schema.read_request(&unknown), Err(RequestProblem::UnknownOperation(name)) if name == "paSomethingElse"));
    }

    #[test]
    fn every_kind_of_answer_validates_against_the_schemas() {
        let schema = schema();
        let payment = PaymentDescription {
            iuv: "01000000000000144".into(),
            amount: "15.00".into(),
            due_date: "2026-12-31".into(),
            description: "Diritti di segreteria & bolli <prova> ".repeat(8),
            company_name: "Comune di Rho".into(),
            office_name: "Servizio Tributi".into(),
            creditor_fiscal_code: "00000000000".into(),
            debtor_fiscal_code: "RSSMRA80A01F205X".into(),
            debtor_is_person: true,
            debtor_name: "Mario Rossi".into(),
            transfers: vec![DescribedTransfer {
                amount: "15.00".into(),
                creditor_fiscal_code: "00000000000".into(),
                destination: DescribedDestination::Iban("IT60X0542811101000000123456".into()),
                remittance: "Diritti di segreteria".into(),
                category: "9/0101100IM/".into(),
            }],
        };
        for operation in [
            Operation::VerifyPaymentNotice,
            Operation::GetPayment,
            Operation::GetPaymentV2,
            Operation::SendReceipt,
            Operation::SendReceiptV2,
            Operation::DemandPaymentNotice,
        ] {
            let fault = write_response(operation, &NodeAnswer::Fault(NodeFault::new(NodeFaultCode::UnknownPayment, "nessuna posizione")), "00000000000");
            schema.check_message(&fault).unwrap_or_else(|problems| panic!("{operation:?} fault: {problems:?}\n{fault}"));
        }
        for (operation, answer) in [
            (Operation::VerifyPaymentNotice, NodeAnswer::Verified(payment.clone())),
            (Operation::GetPayment, NodeAnswer::Payment(payment.clone())),
            (Operation::GetPaymentV2, NodeAnswer::Payment(payment.clone())),
            (Operation::SendReceipt, NodeAnswer::ReceiptTaken),
            (Operation::SendReceiptV2, NodeAnswer::ReceiptTaken),
        ] {
            let xml = write_response(operation, &answer, "00000000000");
            schema.check_message(&xml).unwrap_or_else(|problems| panic!("{operation:?}: {problems:?}\n{xml}"));
        }
        schema.check_message(&write_soap_fault("not <SOAP>")).expect("a SOAP fault is a valid envelope");
        // Five transfers, one of them the digital stamp: paGetPaymentV2 only.
        let mut shared = payment.clone();
        shared.transfers = (0..5)
            .map(|index| DescribedTransfer {
                amount: "3.00".into(),
                creditor_fiscal_code: "00000000000".into(),
                destination: if index == 4 {
                    DescribedDestination::StampDuty { document_hash: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".into(), province: "MI".into() }
                } else {
                    DescribedDestination::Iban("IT60X0542811101000000123456".into())
                },
                remittance: format!("quota {index}"),
                category: "9/0101100IM/".into(),
            })
            .collect();
        let xml = write_response(Operation::GetPaymentV2, &NodeAnswer::Payment(shared.clone()), "00000000000");
        schema.check_message(&xml).unwrap_or_else(|problems| panic!("{problems:?}\n{xml}"));
        assert_eq!(read_answer(&xml).expect("readable").transfers, shared.transfers, "the node reads back what was described");
        shared.transfers.push(shared.transfers[0].clone());
        let six = write_response(Operation::GetPaymentV2, &NodeAnswer::Payment(shared), "00000000000");
        assert!(schema.check_message(&six).is_err(), "pagoPA takes at most five transfers");
    }

    #[test]
    fn only_utf8_without_dtd_or_entities_is_parsed() {
        let body = "<a xmlns=\"urn:x\">testo</a>";
        assert!(parse_strictly(body).is_ok());
        assert_eq!(parse_strictly("<a>Città è più</a>").unwrap().get_root_element().unwrap().get_content(), "Città è più");
        assert!(parse_strictly(&format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{body}")).is_ok());
        assert!(parse_strictly(&format!("\u{feff}<?xml version='1.0' encoding='UTF-8'?>{body}")).is_ok());
        for refused in [
            format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?>{body}"),
            format!("<?xml version=\"1.0\" encoding = 'ISO-8859-1'?>{body}"),
            "<\0a\0/\0>\0".to_string(),
            "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>".to_string(),
            "<a>&x;</a>".to_string(),
        ] {
            assert!(parse_strictly(&refused).is_err(), "{refused:?}");
        }
        assert_eq!(declared_encoding("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>").as_deref(), Some("UTF-16"));
        assert_eq!(declared_encoding("<a encoding=\"x\"/>"), None);
    }

    #[test]
    fn a_panic_while_reading_becomes_a_refusal() {
        assert_eq!(without_panics(|| 7), Some(7));
        assert_eq!(without_panics(|| -> i32 { panic!("libxml did not expect this") }), None);
        // The schemas compile again after the panic dropped them.
        let schema = schema();
        assert!(schema.read_request(&verify_request("")).is_ok());
    }

    #[test]
    fn an_issued_stamp_reads_back_and_anything_else_is_refused() {
        use base64::Engine;
        let schema = schema();
        let hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        let stamp =
            schema.read_stamp(&write_issued_stamp("00000000000", "Banca & prova", "01234567890123", "2026-11-27T10:15:00", 1_600, hash)).expect("valid");
        assert_eq!((stamp.identifier.as_str(), stamp.amount.as_str(), stamp.document_digest_base64.as_str()), ("01234567890123", "16.00", hash));
        let encode = |xml: &str| base64::engine::general_purpose::STANDARD.encode(xml);
        for (wrong, why) in [
            ("not base64!".to_string(), "not base64"),
            (encode("<marcaDaBollo/>"), "invalid"),
            (encode(&stamp.xml.replace("<TipoBollo>01</TipoBollo>", "<TipoBollo>02</TipoBollo>")), "invalid"),
            (encode(&stamp.xml.replace("<ds:SignatureValue>U0lNVUxBVE9SRQ==</ds:SignatureValue>", "")), "invalid"),
            (encode("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"), "DTD"),
        ] {
            let problem = schema.read_stamp(&wrong).expect_err(&wrong);
            assert!(problem.contains(why), "{why}: {problem}");
        }
    }

    #[test]
    fn amounts_cross_the_interface_as_two_decimal_text() {
        assert_eq!(decimal_amount(1_500), "15.00");
        assert_eq!(decimal_amount(7), "0.07");
        assert_eq!(decimal_amount(99_999_999_999), "999999999.99");
        assert_eq!(cents_of("15.00"), Some(1_500));
        assert_eq!(cents_of("0.07"), Some(7));
        assert_eq!(cents_of("15.0"), None);
        assert_eq!(cents_of("15"), None);
        for cents in [1, 99, 100, 12_345, 99_999_999_999] {
            assert_eq!(cents_of(&decimal_amount(cents)), Some(cents));
        }
    }
}
