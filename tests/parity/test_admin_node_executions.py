# Ported from flytekit (https://github.com/flyteorg/flytekit), tests/flytekit/unit/models/admin/test_node_executions.py,
# Apache-2.0 (Copyright the Flyte authors); only the imports changed (flytekit's helper that reads a compiled
# workflow closure from its own test resources is this suite's, from a closure of its own).
from flyte_node_models import node_execution as node_execution_models
from flyte_node_models.core import catalog, identifier
from closures import get_compiled_workflow_closure


def test_workflow_node_metadata():
    wf_exec_id = identifier.WorkflowExecutionIdentifier("project", "domain", "name")

    obj = node_execution_models.WorkflowNodeMetadata(execution_id=wf_exec_id)
    assert obj.execution_id is wf_exec_id

    obj2 = node_execution_models.WorkflowNodeMetadata.from_flyte_idl(obj.to_flyte_idl())
    assert obj == obj2


def test_task_node_metadata():
    task_id = identifier.Identifier(identifier.ResourceType.TASK, "project", "domain", "name", "version")
    wf_exec_id = identifier.WorkflowExecutionIdentifier("project", "domain", "name")
    node_exec_id = identifier.NodeExecutionIdentifier(
        "node_id",
        wf_exec_id,
    )
    te_id = identifier.TaskExecutionIdentifier(task_id, node_exec_id, 3)
    ds_id = identifier.Identifier(identifier.ResourceType.TASK, "project", "domain", "t1", "abcdef")
    tag = catalog.CatalogArtifactTag("my-artifact-id", "some name")
    catalog_metadata = catalog.CatalogMetadata(dataset_id=ds_id, artifact_tag=tag, source_task_execution=te_id)

    obj = node_execution_models.TaskNodeMetadata(cache_status=0, catalog_key=catalog_metadata)
    assert obj.cache_status == 0
    assert obj.catalog_key == catalog_metadata

    obj2 = node_execution_models.TaskNodeMetadata.from_flyte_idl(obj.to_flyte_idl())
    assert obj2 == obj


def test_dynamic_wf_node_metadata():
    wf_id = identifier.Identifier(identifier.ResourceType.WORKFLOW, "project", "domain", "name", "version")
    cwc = get_compiled_workflow_closure()

    obj = node_execution_models.DynamicWorkflowNodeMetadata(id=wf_id, compiled_workflow=cwc)
    assert obj.id == wf_id
    assert obj.compiled_workflow == cwc

    obj2 = node_execution_models.DynamicWorkflowNodeMetadata.from_flyte_idl(obj.to_flyte_idl())
    assert obj2 == obj
