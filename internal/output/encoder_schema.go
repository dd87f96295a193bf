package output

import (
	"fmt"
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// Leaf columns of the ocsf.Event schema, in the order parquet.SchemaOf lists them.
// The shredder addresses columns by these indexes, and buildEventSchema checks them
// against the schema through columnPaths.
const (
	colActivityID = iota
	colActivityName
	colCategoryUID
	colCategoryName
	colClassUID
	colClassName
	colTypeUID
	colTypeName
	colSeverityID
	colSeverity
	colStatusID
	colStatus
	colStatusCode
	colStatusDetail
	colMessage
	colTimezoneOffset
	colTime
	colTimeDT
	colStartTime
	colStartTimeDT
	colEndTime
	colEndTimeDT
	colDuration
	colActionID
	colAction
	colDispositionID
	colDisposition
	colMetadataVersion
	colMetadataProductName
	colMetadataProductVendorName
	colMetadataProductFeatureName
	colMetadataUID
	colMetadataLogSource
	colMetadataOriginalTime
	colMetadataProfiles
	colCloudProvider
	colCloudRegion
	colCloudAccountUID
	colCloudAccountTypeID
	colCloudAccountType
	colSrcEndpointIP // followed by port, uid, type_id and type, as in every endpoint
	colSrcEndpointPort
	colSrcEndpointUID
	colSrcEndpointTypeID
	colSrcEndpointType
	colDstEndpointIP
	colDstEndpointPort
	colDstEndpointUID
	colDstEndpointTypeID
	colDstEndpointType
	colConnectionUID
	colConnectionProtocolName
	colConnectionProtocolNum
	colConnectionProtocolVerID
	colConnectionProtocolVer
	colConnectionDirectionID
	colConnectionDirection
	colRequestMethod
	colRequestVersion
	colRequestUserAgent
	colRequestLength
	colRequestURLString
	colRequestURLScheme
	colRequestURLHostname
	colRequestURLPort
	colRequestURLPath
	colRequestURLQueryString
	colResponseCode
	colResponseLength
	colResponseLatency
	colTrafficBytesIn
	colTrafficBytesOut
	colTrafficBytes
	colTLSVersion
	colTLSCipher
	colTLSSNI
	colLBName
	colLBUID
	colLBIP
	colLBCode
	colLBClassification
	colLBStatusDetail
	colLBErrorMessage
	colLBDstEndpointIP
	colLBDstEndpointPort
	colLBDstEndpointUID
	colLBDstEndpointTypeID
	colLBDstEndpointType
	colLBConnectionIP
	colLBConnectionPort
	colLBConnectionUID
	colLBConnectionTypeID
	colLBConnectionType
	colLBConnectionCode
	colLBMetricName
	colLBMetricValue
	colTraceUID
	colObservableName
	colObservableType
	colObservableTypeID
	colObservableValue
	colUnmappedKey
	colUnmappedValue
	colRawData
	numColumns
)

// columnPaths is the dotted path of each column index.
var columnPaths = [numColumns]string{
	colActivityID:                 "activity_id",
	colActivityName:               "activity_name",
	colCategoryUID:                "category_uid",
	colCategoryName:               "category_name",
	colClassUID:                   "class_uid",
	colClassName:                  "class_name",
	colTypeUID:                    "type_uid",
	colTypeName:                   "type_name",
	colSeverityID:                 "severity_id",
	colSeverity:                   "severity",
	colStatusID:                   "status_id",
	colStatus:                     "status",
	colStatusCode:                 "status_code",
	colStatusDetail:               "status_detail",
	colMessage:                    "message",
	colTimezoneOffset:             "timezone_offset",
	colTime:                       "time",
	colTimeDT:                     "time_dt",
	colStartTime:                  "start_time",
	colStartTimeDT:                "start_time_dt",
	colEndTime:                    "end_time",
	colEndTimeDT:                  "end_time_dt",
	colDuration:                   "duration",
	colActionID:                   "action_id",
	colAction:                     "action",
	colDispositionID:              "disposition_id",
	colDisposition:                "disposition",
	colMetadataVersion:            "metadata.version",
	colMetadataProductName:        "metadata.product.name",
	colMetadataProductVendorName:  "metadata.product.vendor_name",
	colMetadataProductFeatureName: "metadata.product.feature.name",
	colMetadataUID:                "metadata.uid",
	colMetadataLogSource:          "metadata.log_source",
	colMetadataOriginalTime:       "metadata.original_time",
	colMetadataProfiles:           "metadata.profiles.list.element",
	colCloudProvider:              "cloud.provider",
	colCloudRegion:                "cloud.region",
	colCloudAccountUID:            "cloud.account.uid",
	colCloudAccountTypeID:         "cloud.account.type_id",
	colCloudAccountType:           "cloud.account.type",
	colSrcEndpointIP:              "src_endpoint.ip",
	colSrcEndpointPort:            "src_endpoint.port",
	colSrcEndpointUID:             "src_endpoint.uid",
	colSrcEndpointTypeID:          "src_endpoint.type_id",
	colSrcEndpointType:            "src_endpoint.type",
	colDstEndpointIP:              "dst_endpoint.ip",
	colDstEndpointPort:            "dst_endpoint.port",
	colDstEndpointUID:             "dst_endpoint.uid",
	colDstEndpointTypeID:          "dst_endpoint.type_id",
	colDstEndpointType:            "dst_endpoint.type",
	colConnectionUID:              "connection_info.uid",
	colConnectionProtocolName:     "connection_info.protocol_name",
	colConnectionProtocolNum:      "connection_info.protocol_num",
	colConnectionProtocolVerID:    "connection_info.protocol_ver_id",
	colConnectionProtocolVer:      "connection_info.protocol_ver",
	colConnectionDirectionID:      "connection_info.direction_id",
	colConnectionDirection:        "connection_info.direction",
	colRequestMethod:              "http_request.http_method",
	colRequestVersion:             "http_request.version",
	colRequestUserAgent:           "http_request.user_agent",
	colRequestLength:              "http_request.length",
	colRequestURLString:           "http_request.url.url_string",
	colRequestURLScheme:           "http_request.url.scheme",
	colRequestURLHostname:         "http_request.url.hostname",
	colRequestURLPort:             "http_request.url.port",
	colRequestURLPath:             "http_request.url.path",
	colRequestURLQueryString:      "http_request.url.query_string",
	colResponseCode:               "http_response.code",
	colResponseLength:             "http_response.length",
	colResponseLatency:            "http_response.latency",
	colTrafficBytesIn:             "traffic.bytes_in",
	colTrafficBytesOut:            "traffic.bytes_out",
	colTrafficBytes:               "traffic.bytes",
	colTLSVersion:                 "tls.version",
	colTLSCipher:                  "tls.cipher",
	colTLSSNI:                     "tls.sni",
	colLBName:                     "load_balancer.name",
	colLBUID:                      "load_balancer.uid",
	colLBIP:                       "load_balancer.ip",
	colLBCode:                     "load_balancer.code",
	colLBClassification:           "load_balancer.classification",
	colLBStatusDetail:             "load_balancer.status_detail",
	colLBErrorMessage:             "load_balancer.error_message",
	colLBDstEndpointIP:            "load_balancer.dst_endpoint.ip",
	colLBDstEndpointPort:          "load_balancer.dst_endpoint.port",
	colLBDstEndpointUID:           "load_balancer.dst_endpoint.uid",
	colLBDstEndpointTypeID:        "load_balancer.dst_endpoint.type_id",
	colLBDstEndpointType:          "load_balancer.dst_endpoint.type",
	colLBConnectionIP:             "load_balancer.endpoint_connections.list.element.network_endpoint.ip",
	colLBConnectionPort:           "load_balancer.endpoint_connections.list.element.network_endpoint.port",
	colLBConnectionUID:            "load_balancer.endpoint_connections.list.element.network_endpoint.uid",
	colLBConnectionTypeID:         "load_balancer.endpoint_connections.list.element.network_endpoint.type_id",
	colLBConnectionType:           "load_balancer.endpoint_connections.list.element.network_endpoint.type",
	colLBConnectionCode:           "load_balancer.endpoint_connections.list.element.code",
	colLBMetricName:               "load_balancer.metrics.list.element.name",
	colLBMetricValue:              "load_balancer.metrics.list.element.value",
	colTraceUID:                   "trace.uid",
	colObservableName:             "observables.list.element.name",
	colObservableType:             "observables.list.element.type",
	colObservableTypeID:           "observables.list.element.type_id",
	colObservableValue:            "observables.list.element.value",
	colUnmappedKey:                "unmapped.key_value.key",
	colUnmappedValue:              "unmapped.key_value.value",
	colRawData:                    "raw_data",
}

// columnSpec describes one leaf column as the schema declares it.
type columnSpec struct {
	path   []string
	kind   format.Type // Int32, Int64 or ByteArray, the only kinds ocsf.Event uses
	maxDef uint8
	maxRep uint8
	order  format.ColumnOrder
}

// eventSchema is the Parquet schema of ocsf.Event: the schema elements of the file
// footer and the leaf columns the shredder fills.
type eventSchema struct {
	elements []format.SchemaElement
	columns  [numColumns]columnSpec
}

// loadEventSchema builds the schema once per process. It returns an error when
// ocsf.Event and the shredder disagree on the columns.
var loadEventSchema = sync.OnceValues(buildEventSchema)

// buildEventSchema derives the schema from parquet.SchemaOf(ocsf.Event{}), so the
// file declares the schema that parquet-go itself would declare, and checks that
// the schema's leaf columns are the ones the shredder writes, in the same order.
func buildEventSchema() (*eventSchema, error) {
	schema := parquet.SchemaOf(ocsf.Event{})
	s := &eventSchema{elements: appendSchemaElements(nil, schema.Name(), schema, true)}
	paths := schema.Columns()
	if len(paths) != numColumns {
		return nil, fmt.Errorf("check parquet schema: ocsf.Event has %d leaf columns but the encoder writes %d. Update the column list and shredder in internal/output", len(paths), numColumns)
	}
	for i, path := range paths {
		spec, err := columnSpecOf(schema, path)
		if err != nil {
			return nil, err
		}
		if got := strings.Join(path, "."); got != columnPaths[i] {
			return nil, fmt.Errorf("check parquet schema: column %d of ocsf.Event is %s but the encoder writes %s there. Update the column list and shredder in internal/output", i, got, columnPaths[i])
		}
		s.columns[i] = spec
	}
	return s, nil
}

// columnSpecOf looks up the leaf column at path.
func columnSpecOf(schema *parquet.Schema, path []string) (columnSpec, error) {
	leaf, ok := schema.Lookup(path...)
	if !ok {
		return columnSpec{}, fmt.Errorf("check parquet schema: column %s not found", strings.Join(path, "."))
	}
	t := leaf.Node.Type()
	kind := format.Type(t.Kind())
	switch kind {
	case format.Int32, format.Int64, format.ByteArray:
	default:
		return columnSpec{}, fmt.Errorf("check parquet schema: column %s has physical type %s, which the encoder does not write", strings.Join(path, "."), kind)
	}
	spec := columnSpec{
		path:   path,
		kind:   kind,
		maxDef: uint8(leaf.MaxDefinitionLevel),
		maxRep: uint8(leaf.MaxRepetitionLevel),
	}
	if order := t.ColumnOrder(); order != nil {
		spec.order = *order
	}
	return spec, nil
}

// appendSchemaElements appends the schema elements of node and its descendants in
// depth-first order, the flattened tree that FileMetaData.schema stores. Field ids
// are left unset because ocsf.Event declares none.
func appendSchemaElements(elems []format.SchemaElement, name string, node parquet.Node, root bool) []format.SchemaElement {
	t := node.Type()
	elem := format.SchemaElement{Name: name}
	if !root {
		elem.RepetitionType = thrift.New(repetitionOf(node))
	}
	if lt := t.LogicalType(); lt != nil {
		elem.LogicalType = *lt
		if decimal, ok := lt.Value.(*format.DecimalType); ok {
			elem.Scale = thrift.New(decimal.Scale)
			elem.Precision = thrift.New(decimal.Precision)
		}
	}
	if ct := t.ConvertedType(); ct != nil {
		elem.ConvertedType = thrift.New(*ct)
	}
	if node.Leaf() {
		if pt := t.PhysicalType(); pt != nil {
			elem.Type = thrift.New(*pt)
		}
		if n := t.Length(); n > 0 {
			elem.TypeLength = thrift.New(int32(n))
		}
	} else {
		elem.NumChildren = thrift.New(int32(len(node.Fields())))
	}
	elems = append(elems, elem)
	for _, f := range node.Fields() {
		elems = appendSchemaElements(elems, f.Name(), f, false)
	}
	return elems
}

func repetitionOf(node parquet.Node) format.FieldRepetitionType {
	switch {
	case node.Repeated():
		return format.Repeated
	case node.Optional():
		return format.Optional
	}
	return format.Required
}
