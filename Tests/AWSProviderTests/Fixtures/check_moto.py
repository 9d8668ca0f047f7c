"""Checks with boto3 (the AWS SDK, not Gantry's code) what Gantry made in moto.

usage: check_moto.py created|empty     (endpoint and keys from AWS_ENDPOINT_URL / AWS_* env)
Prints a JSON summary; exits 1 with the failed assertions listed.
"""
import base64
import json
import os
import sys

import boto3

endpoint = os.environ["AWS_ENDPOINT_URL"]
failures = []


def client(service, region):
    return boto3.client(service, region_name=region, endpoint_url=endpoint)


def check(condition, message):
    if not condition:
        failures.append(message)


def gantry_tags(tags):
    return {t["Key"]: t["Value"] for t in tags if t["Key"].startswith("gantry:")}


mode = sys.argv[1]
summary = {}
east, west = client("ec2", "us-east-1"), client("ec2", "us-west-2")
managed = [{"Name": "tag-key", "Values": ["gantry:address"]}]
vpcs = east.describe_vpcs(Filters=managed)["Vpcs"] + west.describe_vpcs(Filters=managed)["Vpcs"]
subnets = east.describe_subnets(Filters=managed)["Subnets"] + west.describe_subnets(Filters=managed)["Subnets"]
groups = east.describe_security_groups(Filters=managed)["SecurityGroups"]
templates = east.describe_launch_templates(Filters=managed)["LaunchTemplates"]
asgs = client("autoscaling", "us-east-1").describe_auto_scaling_groups()["AutoScalingGroups"]
eks = client("eks", "us-west-2")
clusters = eks.list_clusters()["clusters"]
buckets = [b["Name"] for b in client("s3", "us-west-2").list_buckets()["Buckets"]]
lustre = client("fsx", "us-east-1").describe_file_systems()["FileSystems"]
efs = client("efs", "us-east-1")
nfs = efs.describe_file_systems()["FileSystems"]
mount_targets = [t for fs in nfs for t in efs.describe_mount_targets(FileSystemId=fs["FileSystemId"])["MountTargets"]]
efs_west = client("efs", "us-west-2")
nfs_west = efs_west.describe_file_systems()["FileSystems"]
mount_targets_west = [t for fs in nfs_west
                      for t in efs_west.describe_mount_targets(FileSystemId=fs["FileSystemId"])["MountTargets"]]
templates_west = west.describe_launch_templates(Filters=managed)["LaunchTemplates"]
iam = client("iam", "us-east-1")
roles = iam.list_roles(PathPrefix="/gantry/")["Roles"]
summary.update(vpcs=len(vpcs), subnets=len(subnets), launch_templates=len(templates), asgs=len(asgs),
               clusters=clusters, buckets=buckets, lustre=len(lustre), efs=len(nfs), mount_targets=len(mount_targets),
               roles=sorted(r["RoleName"] for r in roles), efs_west=len(nfs_west), mount_targets_west=len(mount_targets_west),
               launch_templates_west=len(templates_west))

if mode == "created":
    check(len(vpcs) == 2, f"2 VPCs expected, got {len(vpcs)}")
    check(len(subnets) == 4, f"4 subnets (2 zones x 2 regions) expected, got {len(subnets)}")
    for vpc in vpcs:
        tags = gantry_tags(vpc.get("Tags", []))
        check(tags.get("gantry:project") == "llm-moto", f"{vpc['VpcId']}: gantry:project tag {tags}")
        check(tags.get("gantry:address", "").startswith("networks."), f"{vpc['VpcId']}: gantry:address tag {tags}")
        check(tags.get("gantry:token"), f"{vpc['VpcId']}: gantry:token tag missing")
    efa = [g for g in groups if any(p["IpProtocol"] == "-1" and any(u["GroupId"] == g["GroupId"] for u in p["UserIdGroupPairs"])
                                    for p in g["IpPermissions"])]
    check(len(efa) == 1, f"the EFA security group allows all traffic from itself: {len(efa)}")
    check(len(templates) == 1, f"1 launch template expected, got {len(templates)}")
    for t in templates:
        data = east.describe_launch_template_versions(LaunchTemplateId=t["LaunchTemplateId"])["LaunchTemplateVersions"][0]["LaunchTemplateData"]
        check(data["InstanceType"] == "p5.48xlarge", f"instance type {data['InstanceType']}")
        nics = data.get("NetworkInterfaces", [])
        check(len(nics) == 32 and all(n.get("InterfaceType") == "efa" for n in nics), f"32 EFA interfaces, got {len(nics)}")
        summary["efa_interfaces"] = len(nics)
        # The nodes mount the attached Lustre and EFS file systems at boot, by their AWS names.
        script = base64.b64decode(data.get("UserData", "")).decode()
        for fs in lustre:
            wanted = f"{fs['DNSName']}@tcp:/{fs['LustreConfiguration'].get('MountName', 'fsx')} /mnt/datasets lustre"
            check(wanted in script, f"user data mounts Lustre ({wanted}):\n{script}")
        for fs in nfs:
            wanted = f"{fs['FileSystemId']}.efs.us-east-1.amazonaws.com:/ /mnt/checkpoints nfs4"
            check(wanted in script, f"user data mounts EFS ({wanted}):\n{script}")
        check("mount -a -t lustre,nfs4" in script, f"user data mounts at boot:\n{script}")
    check(len(asgs) == 1, f"1 Auto Scaling group expected, got {len(asgs)}")
    for g in asgs:
        check((g["MinSize"], g["MaxSize"]) == (0, 4), f"ASG sizes {g['MinSize']}..{g['MaxSize']}")
        check("MixedInstancesPolicy" in g, "spot pool uses a mixed instances policy")
        check(gantry_tags(g["Tags"]).get("gantry:address", "").startswith("node_pools.h100-train"), "ASG address tag")
        summary["asg_desired"] = g["DesiredCapacity"]
    check(clusters == ["llm-serve"], f"EKS cluster llm-serve, got {clusters}")
    for c in clusters:
        for name in eks.list_nodegroups(clusterName=c)["nodegroups"]:
            ng = eks.describe_nodegroup(clusterName=c, nodegroupName=name)["nodegroup"]
            check(ng["amiType"] == "AL2_x86_64_GPU", f"node group AMI type {ng['amiType']}")
            check(ng["instanceTypes"] == ["p4d.24xlarge"], f"node group instance types {ng['instanceTypes']}")
            check(ng["labels"].get("team") == "serving" and ng["labels"].get("nvidia.com/mig.config") == "all-1g.5gb",
                  f"node group labels {ng['labels']}")
            check(ng.get("taints") == [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}],
                  f"node group taints {ng.get('taints')}")
            check(ng["tags"].get("gantry:address", "").startswith("node_pools.a100-infer"), "node group address tag")
            # The node group boots from a launch template whose MIME user data mounts the model store.
            lt = ng.get("launchTemplate", {})
            check(len(templates_west) == 1 and lt.get("id") == templates_west[0]["LaunchTemplateId"],
                  f"node group launch template {lt} among {[t['LaunchTemplateId'] for t in templates_west]}")
            for t in templates_west:
                data = west.describe_launch_template_versions(LaunchTemplateId=t["LaunchTemplateId"])["LaunchTemplateVersions"][0]["LaunchTemplateData"]
                script = base64.b64decode(data.get("UserData", "")).decode()
                check(script.startswith("MIME-Version: 1.0") and script.rstrip().endswith("--==GANTRY==--"),
                      f"EKS user data is one MIME document:\n{script}")
                for fs in nfs_west:
                    wanted = f"{fs['FileSystemId']}.efs.us-west-2.amazonaws.com:/ /mnt/models nfs4"
                    check(wanted in script, f"EKS nodes mount the model store ({wanted}):\n{script}")
                check("InstanceType" not in data and "ImageId" not in data, "EKS keeps choosing the AMI and type")
            summary["nodegroup_desired"] = ng["scalingConfig"]["desiredSize"]
    check(len(nfs) == 1 and len(nfs_west) == 1, f"one EFS file system per region, got {len(nfs)} and {len(nfs_west)}")
    check(len(mount_targets_west) == 2, f"two EFS mount targets in us-west-2, got {len(mount_targets_west)}")
    check(sorted(t["AvailabilityZoneName"] for t in mount_targets) == ["us-east-1a", "us-east-1b"],
          f"an EFS mount target per zone: {[t.get('AvailabilityZoneName') for t in mount_targets]}")
    role_names = sorted(r["RoleName"] for r in roles)
    check(role_names == ["llm-moto-llm-serve-us-west-2-cluster", "llm-moto-llm-serve-us-west-2-node"], f"IAM roles {role_names}")
    for r in roles:
        attached = sorted(p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=r["RoleName"])["AttachedPolicies"])
        wanted = ["AmazonEKSClusterPolicy"] if r["RoleName"].endswith("-cluster") else \
            ["AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"]
        check(attached == wanted, f"{r['RoleName']} policies {attached}")
    arns = {r["RoleName"]: r["Arn"] for r in roles}
    for c in clusters:
        check(eks.describe_cluster(name=c)["cluster"]["roleArn"] == arns.get("llm-moto-llm-serve-us-west-2-cluster"),
              "the EKS cluster uses the cluster role Gantry created")
        for name in eks.list_nodegroups(clusterName=c)["nodegroups"]:
            check(eks.describe_nodegroup(clusterName=c, nodegroupName=name)["nodegroup"]["nodeRole"]
                  == arns.get("llm-moto-llm-serve-us-west-2-node"), "the node group uses the node role Gantry created")
    archive = [b for b in buckets if "archive" in b]
    check(len(archive) == 1, f"one archive bucket, got {buckets}")
    for b in archive:
        s3 = client("s3", "us-west-2")
        rules = s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"]
        classes = [t["StorageClass"] for r in rules for t in r.get("Transitions", [])]
        check(classes == ["STANDARD_IA", "GLACIER"], f"lifecycle transitions {classes}")
        check(any(r.get("Expiration", {}).get("Days") == 1095 for r in rules), f"expiration after 3y: {rules}")
        check(s3.get_bucket_versioning(Bucket=b).get("Status") == "Enabled", "versioning enabled")
        enc = s3.get_bucket_encryption(Bucket=b)["ServerSideEncryptionConfiguration"]["Rules"][0]
        check(enc["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256", "default encryption")
    check(len(lustre) == 1, f"one Lustre file system, got {len(lustre)}")
    for fs in lustre:
        check(fs["LustreConfiguration"]["DeploymentType"] == "PERSISTENT_2", "PERSISTENT_2")
        check(fs["LustreConfiguration"].get("PerUnitStorageThroughput") == 250, "250 MB/s/TiB")
        check(fs["StorageCapacity"] == 2400, f"2400 GiB, got {fs['StorageCapacity']}")
elif mode == "empty":
    check(not vpcs and not subnets and not templates and not asgs and not clusters and not lustre and not nfs
          and not mount_targets and not roles and not nfs_west and not mount_targets_west and not templates_west,
          f"leftovers: {summary}")
    check(not buckets, f"buckets left: {buckets}")

print(json.dumps(summary))
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
